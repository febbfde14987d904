const ACTION_LABELS: Record<string, string> = {
  create: 'created',
  change_role: 'changed the role of',
  deactivate: 'deactivated',
  reactivate: 'reactivated',
  reset_password: 'reset the password of',
  end_sessions: 'ended the sessions of',
  unlock: 'lifted the sign-in lock of',
  update: 'changed',
  bulk_update: 'changed (bulk)',
  import: 'changed by CSV import',
  add_variants: 'added variants to',
  update_variant: 'changed a variant of',
  save_draft: 'saved a draft of',
  status: 'changed the status of',
  receive: 'received',
  cancel: 'cancelled',
  revoke: 'revoked',
  cycle_count: 'counted stock at',
  undo: 'undid a movement of',
  update_sizes: 'changed the sizes of',
  update_categories: 'changed the categories of',
};

/** How an audit entry's action reads in a sentence ("Ann changed the role of …"), on screen and in the CSV. */
export const actionLabel = (action: string) => ACTION_LABELS[action] ?? action.replaceAll('_', ' ');
