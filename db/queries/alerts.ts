import { and, asc, desc, eq, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../client';
import { rowsOf } from '../client';
import { col, decodeRows } from '../codec';
import {
  alertChannels,
  alertEvents,
  alertRuleChannels,
  alertRules,
  chartAnnotations,
  users,
  type AlertChannel,
  type AlertRule,
} from '../schema';
import { InvalidInput, NotFound } from '../../lib/errors';
import {
  ruleProblems,
  stepRule,
  type AlertChannelKind,
  type AlertMetric,
  type AlertRuleDefinition,
  type AlertState,
  type Sample,
  type Transition,
} from '../../lib/alerts/rules';
import { writeAudit, type Actor } from './audit';
import { enqueueEvent } from './outbox';

export type RuleInput = AlertRuleDefinition & { enabled: boolean; channelIds: string[] };

export type RuleWithChannels = AlertRule & { channelIds: string[] };

function checkRule(input: RuleInput): void {
  const problems = ruleProblems(input);
  if (problems)
    throw new InvalidInput(
      'Some fields need attention.',
      Object.fromEntries(Object.entries(problems).map(([k, v]) => [k, [v]])),
    );
  if (input.metric === 'error_type_failures' && !input.errorType)
    throw new InvalidInput('Some fields need attention.', { errorType: ['Choose the error type to count.'] });
}

async function setChannels(tx: Db, ruleId: string, channelIds: string[]): Promise<void> {
  await tx.delete(alertRuleChannels).where(eq(alertRuleChannels.ruleId, ruleId));
  const ids = [...new Set(channelIds)];
  if (!ids.length) return;
  const known = await tx.select({ id: alertChannels.id }).from(alertChannels).where(inArray(alertChannels.id, ids));
  if (known.length !== ids.length)
    throw new InvalidInput('Some fields need attention.', {
      channelIds: ['A chosen channel no longer exists; reload the page.'],
    });
  await tx.insert(alertRuleChannels).values(ids.map((channelId) => ({ ruleId, channelId })));
}

const ruleFields = (i: RuleInput) => ({
  name: i.name,
  metric: i.metric,
  errorType: i.metric === 'error_type_failures' ? i.errorType : null,
  operationType: i.operationType,
  proxy: i.proxy,
  authType: i.authType,
  windowMinutes: i.windowMinutes,
  threshold: i.threshold,
  recoveryThreshold: i.recoveryThreshold,
  forSeconds: i.forSeconds,
  minVolume: i.minVolume,
  enabled: i.enabled,
});

export async function createRule(db: Db, actor: Actor, input: RuleInput): Promise<{ id: string; name: string }> {
  checkRule(input);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(alertRules)
      .values(ruleFields(input))
      .returning({ id: alertRules.id, name: alertRules.name });
    await setChannels(tx as unknown as Db, row!.id, input.channelIds);
    await writeAudit(tx as unknown as Db, actor, {
      entityType: 'alert_rule',
      entityId: row!.id,
      action: 'create',
      before: null,
      after: { ...ruleFields(input), channelIds: input.channelIds },
    });
    return row!;
  });
}

export async function updateRule(
  db: Db,
  actor: Actor,
  id: string,
  input: RuleInput,
): Promise<{ id: string; name: string }> {
  checkRule(input);
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(alertRules).where(eq(alertRules.id, id)).for('update');
    if (!before) throw new NotFound('That rule no longer exists.');
    await tx
      .update(alertRules)
      .set({ ...ruleFields(input), updatedAt: new Date() })
      .where(eq(alertRules.id, id));
    await setChannels(tx as unknown as Db, id, input.channelIds);
    if (!input.enabled && before.enabled) await settleDisabled(tx, before, actor);
    await writeAudit(tx as unknown as Db, actor, {
      entityType: 'alert_rule',
      entityId: id,
      action: 'update',
      before: ruleFields({ ...before, channelIds: [] } as RuleInput),
      after: { ...ruleFields(input), channelIds: input.channelIds },
    });
    return { id, name: input.name };
  });
}

/** A rule switched off mid-incident ends it (resolved, or a pending one back to ok), so nothing stays "firing". */
async function settleDisabled(tx: Tx, rule: AlertRule, actor: Actor): Promise<void> {
  if (rule.state !== 'firing' && rule.state !== 'pending') return;
  const to: AlertState = rule.state === 'firing' ? 'resolved' : 'ok';
  const now = new Date();
  await tx
    .update(alertRules)
    .set({ state: to, stateSince: now, ackedAt: null, ackedBy: null, ackNote: null })
    .where(eq(alertRules.id, rule.id));
  await recordAlertTransition(
    tx,
    rule,
    { from: rule.state, to, at: now.getTime(), value: rule.lastValue },
    { note: 'rule disabled', actorId: actor.id },
  );
}

export async function setRuleEnabled(
  db: Db,
  actor: Actor,
  id: string,
  enabled: boolean,
): Promise<{ id: string; name: string; enabled: boolean }> {
  return db.transaction(async (tx) => {
    const [rule] = await tx.select().from(alertRules).where(eq(alertRules.id, id)).for('update');
    if (!rule) throw new NotFound('That rule no longer exists.');
    await tx.update(alertRules).set({ enabled, updatedAt: new Date() }).where(eq(alertRules.id, id));
    if (!enabled) await settleDisabled(tx, rule, actor);
    await writeAudit(tx as unknown as Db, actor, {
      entityType: 'alert_rule',
      entityId: id,
      action: enabled ? 'enable' : 'disable',
      before: { enabled: rule.enabled },
      after: { enabled },
    });
    return { id, name: rule.name, enabled };
  });
}

export async function deleteRule(db: Db, actor: Actor, id: string): Promise<{ name: string }> {
  return db.transaction(async (tx) => {
    const [row] = await tx.delete(alertRules).where(eq(alertRules.id, id)).returning();
    if (!row) throw new NotFound('That rule no longer exists.');
    await writeAudit(tx as unknown as Db, actor, {
      entityType: 'alert_rule',
      entityId: id,
      action: 'delete',
      before: { name: row.name, metric: row.metric },
      after: null,
    });
    return { name: row.name };
  });
}

export async function listRules(db: Db): Promise<RuleWithChannels[]> {
  const [rules, links] = await Promise.all([
    db.select().from(alertRules).orderBy(asc(alertRules.createdAt), asc(alertRules.name)),
    db.select().from(alertRuleChannels),
  ]);
  return rules.map((r) => ({ ...r, channelIds: links.filter((l) => l.ruleId === r.id).map((l) => l.channelId) }));
}

export async function getRule(db: Db, id: string): Promise<RuleWithChannels | null> {
  const [rule] = await db.select().from(alertRules).where(eq(alertRules.id, id));
  if (!rule) return null;
  const links = await db.select().from(alertRuleChannels).where(eq(alertRuleChannels.ruleId, id));
  return { ...rule, channelIds: links.map((l) => l.channelId) };
}

/** Acknowledges the current incident (firing or pending) with a note; one per incident, the latest wins. */
export async function acknowledgeRule(db: Db, actor: Actor, id: string, note: string): Promise<{ name: string }> {
  return db.transaction(async (tx) => {
    const [rule] = await tx.select().from(alertRules).where(eq(alertRules.id, id)).for('update');
    if (!rule) throw new NotFound('That rule no longer exists.');
    if (rule.state !== 'firing' && rule.state !== 'pending')
      throw new InvalidInput('Only a firing or pending alert can be acknowledged.', {
        note: ['The alert is not firing any more.'],
      });
    const now = new Date();
    await tx.update(alertRules).set({ ackedAt: now, ackedBy: actor.id, ackNote: note }).where(eq(alertRules.id, id));
    await tx
      .insert(alertEvents)
      .values({ ruleId: id, kind: 'ack', at: now, note, actorId: actor.id, value: rule.lastValue });
    return { name: rule.name };
  });
}

/** No notifications for the rule until `until` (null lifts the silence); it is still evaluated. */
export async function silenceRule(
  db: Db,
  actor: Actor,
  id: string,
  until: Date | null,
  note: string | null,
): Promise<{ name: string; until: Date | null }> {
  return db.transaction(async (tx) => {
    const [rule] = await tx
      .update(alertRules)
      .set({ silencedUntil: until })
      .where(eq(alertRules.id, id))
      .returning({ name: alertRules.name });
    if (!rule) throw new NotFound('That rule no longer exists.');
    await tx.insert(alertEvents).values({
      ruleId: id,
      kind: 'silence',
      note: until ? `silenced until ${until.toISOString()}${note ? `: ${note}` : ''}` : 'silence lifted',
      actorId: actor.id,
    });
    return { name: rule.name, until };
  });
}

/**
 * THE place a rule's state change is recorded: one history row per transition, in the caller's transaction.
 * Transitions to firing or resolved also go to the outbox (`alert.firing` / `alert.resolved` for webhook
 * endpoints), so the event commits exactly when the state change does and a rolled-back evaluation sends nothing.
 */
export async function recordAlertTransition(
  tx: Tx | Db,
  rule: Pick<AlertRule, 'id' | 'name' | 'metric' | 'errorType' | 'threshold' | 'recoveryThreshold' | 'windowMinutes'>,
  t: Transition,
  extra: { note?: string; actorId?: string | null } = {},
): Promise<{ eventId: number }> {
  const [row] = await tx
    .insert(alertEvents)
    .values({
      ruleId: rule.id,
      kind: 'transition',
      fromState: t.from,
      toState: t.to,
      at: new Date(t.at),
      value: t.value,
      note: extra.note ?? null,
      actorId: extra.actorId ?? null,
    })
    .returning({ id: alertEvents.id });
  if (t.to === 'firing' || t.to === 'resolved') {
    await enqueueEvent(tx as Db, {
      type: t.to === 'firing' ? 'alert.firing' : 'alert.resolved',
      entityKey: `alert_rule:${rule.id}`,
      payload: {
        ruleId: rule.id,
        name: rule.name,
        metric: rule.metric,
        errorType: rule.errorType,
        threshold: rule.threshold,
        recoveryThreshold: rule.recoveryThreshold,
        windowMinutes: rule.windowMinutes,
        from: t.from,
        to: t.to,
        value: t.value,
        at: new Date(t.at).toISOString(),
        alertEventId: row!.id,
        ...(extra.note ? { note: extra.note } : {}),
      },
    });
  }
  return { eventId: row!.id };
}

export type AppliedTransition = Transition & { eventId: number };

/**
 * Applies one evaluation to a rule: under the row lock, steps its state machine with `sample` and records every
 * transition. Returns the rule as it was read and the transitions (the caller notifies after commit). A rule
 * disabled or deleted since it was measured is left alone.
 */
export async function applyEvaluation(
  db: Db,
  ruleId: string,
  sample: Sample,
  now: number,
): Promise<{ rule: AlertRule; transitions: AppliedTransition[]; firingSince: number } | null> {
  return db.transaction(async (tx) => {
    const [rule] = await tx.select().from(alertRules).where(eq(alertRules.id, ruleId)).for('update');
    if (!rule || !rule.enabled) return null;
    const { status, transitions } = stepRule(
      rule,
      { state: rule.state, since: rule.stateSince.getTime() },
      sample,
      now,
    );
    const resolvedNow = status.state === 'resolved' && rule.state !== 'resolved';
    await tx
      .update(alertRules)
      .set({
        state: status.state,
        stateSince: new Date(status.since),
        lastValue: sample.value,
        lastVolume: sample.volume,
        lastEvaluatedAt: new Date(now),
        // An acknowledgement belongs to one incident.
        ...(resolvedNow || status.state === 'ok' ? { ackedAt: null, ackedBy: null, ackNote: null } : {}),
      })
      .where(eq(alertRules.id, ruleId));
    const applied: AppliedTransition[] = [];
    for (const t of transitions) applied.push({ ...t, ...(await recordAlertTransition(tx, rule, t)) });
    return { rule, transitions: applied, firingSince: rule.state === 'firing' ? rule.stateSince.getTime() : now };
  });
}

export async function markNotified(
  db: Db,
  eventId: number,
  notified: { channel: string; ok: boolean; detail: string }[],
): Promise<void> {
  await db.update(alertEvents).set({ notified }).where(eq(alertEvents.id, eventId));
}

export type AlertHistoryRow = {
  id: number;
  ruleId: string;
  ruleName: string;
  kind: string;
  fromState: string | null;
  toState: string | null;
  at: Date;
  value: number | null;
  note: string | null;
  actor: string | null;
  notified: { channel: string; ok: boolean; detail: string }[] | null;
};

/** Newest first; pending ↔ ok flips are left out unless `all` (they are the noise the "for" duration absorbs). */
export async function alertHistory(
  db: Db,
  opts: { ruleId?: string; limit?: number; all?: boolean } = {},
): Promise<AlertHistoryRow[]> {
  const w = [];
  if (opts.ruleId) w.push(eq(alertEvents.ruleId, opts.ruleId));
  if (!opts.all)
    w.push(or(sql`${alertEvents.kind} <> 'transition'`, inArray(alertEvents.toState, ['firing', 'resolved'])));
  return db
    .select({
      id: alertEvents.id,
      ruleId: alertEvents.ruleId,
      ruleName: alertRules.name,
      kind: alertEvents.kind,
      fromState: alertEvents.fromState,
      toState: alertEvents.toState,
      at: alertEvents.at,
      value: alertEvents.value,
      note: alertEvents.note,
      actor: users.email,
      notified: alertEvents.notified,
    })
    .from(alertEvents)
    .innerJoin(alertRules, eq(alertRules.id, alertEvents.ruleId))
    .leftJoin(users, eq(users.id, alertEvents.actorId))
    .where(w.length ? and(...w) : undefined)
    .orderBy(desc(alertEvents.at), desc(alertEvents.id))
    .limit(opts.limit ?? 50);
}

export type FiringPeriod = { ruleId: string; ruleName: string; start: number; end: number | null };

/** Firing periods overlapping [from, to) (end null: still firing), for the charts' shaded areas. */
export async function firingPeriods(db: Db, f: { from: Date; to: Date }): Promise<FiringPeriod[]> {
  const rows = decodeRows(
    { rule_id: col.text, name: col.text, start: col.epochMs, end: col.nullable(col.epochMs) },
    await db.execute(sql`
      select e.rule_id, r.name, e.at as start,
             (select min(x.at) from alert_events x where x.rule_id = e.rule_id and x.kind = 'transition' and x.from_state = 'firing' and x.at >= e.at) as "end"
      from alert_events e join alert_rules r on r.id = e.rule_id
      where e.kind = 'transition' and e.to_state = 'firing' and e.at < ${f.to.toISOString()}::timestamptz
        and e.at >= ${new Date(f.from.getTime() - 7 * 86_400_000).toISOString()}::timestamptz
      order by e.at`),
  );
  return rows
    .map((r) => ({
      ruleId: r.rule_id,
      ruleName: r.name,
      start: r.start,
      end: r.end,
    }))
    .filter((p) => p.end === null || p.end > f.from.getTime());
}

// ---- channels ----

export type ChannelInput = {
  name: string;
  kind: AlertChannelKind;
  url: string | null;
  emailTo: string | null;
  enabled: boolean;
};

export async function createChannel(
  db: Db,
  actor: Actor,
  input: ChannelInput & { secret: string | null },
): Promise<{ id: string; name: string; secret: string | null }> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(alertChannels)
      .values(input)
      .returning({ id: alertChannels.id, name: alertChannels.name, secret: alertChannels.secret });
    await writeAudit(tx as unknown as Db, actor, {
      entityType: 'alert_channel',
      entityId: row!.id,
      action: 'create',
      before: null,
      after: { name: input.name, kind: input.kind, url: input.url, emailTo: input.emailTo },
    });
    return row!;
  });
}

export async function deleteChannel(db: Db, actor: Actor, id: string): Promise<{ name: string }> {
  return db.transaction(async (tx) => {
    const [row] = await tx.delete(alertChannels).where(eq(alertChannels.id, id)).returning();
    if (!row) throw new NotFound('That channel no longer exists.');
    await writeAudit(tx as unknown as Db, actor, {
      entityType: 'alert_channel',
      entityId: id,
      action: 'delete',
      before: { name: row.name, kind: row.kind },
      after: null,
    });
    return { name: row.name };
  });
}

export async function listChannels(db: Db): Promise<AlertChannel[]> {
  return db.select().from(alertChannels).orderBy(asc(alertChannels.createdAt));
}

export async function channelsOfRule(db: Db, ruleId: string): Promise<AlertChannel[]> {
  return db
    .select({ c: alertChannels })
    .from(alertRuleChannels)
    .innerJoin(alertChannels, eq(alertChannels.id, alertRuleChannels.channelId))
    .where(and(eq(alertRuleChannels.ruleId, ruleId), eq(alertChannels.enabled, true)))
    .then((rows) => rows.map((r) => r.c));
}

// ---- annotations ----

export type Annotation = { id: string; at: number; endAt: number | null; text: string; author: string | null };

export async function createAnnotation(
  db: Db,
  actor: Actor,
  input: { at: Date; endAt: Date | null; text: string },
): Promise<{ id: string }> {
  if (input.endAt && input.endAt <= input.at)
    throw new InvalidInput('Some fields need attention.', { endAt: ['The end must be after the start.'] });
  const [row] = await db
    .insert(chartAnnotations)
    .values({ ...input, createdBy: actor.id })
    .returning({ id: chartAnnotations.id });
  return row!;
}

export async function deleteAnnotation(db: Db, id: string): Promise<void> {
  const [row] = await db
    .delete(chartAnnotations)
    .where(eq(chartAnnotations.id, id))
    .returning({ id: chartAnnotations.id });
  if (!row) throw new NotFound('That note no longer exists.');
}

export async function listAnnotations(db: Db, f: { from: Date; to: Date }): Promise<Annotation[]> {
  const rows = await db
    .select({
      id: chartAnnotations.id,
      at: chartAnnotations.at,
      endAt: chartAnnotations.endAt,
      text: chartAnnotations.text,
      author: users.email,
    })
    .from(chartAnnotations)
    .leftJoin(users, eq(users.id, chartAnnotations.createdBy))
    .where(
      and(
        lt(chartAnnotations.at, f.to),
        or(
          gte(chartAnnotations.at, f.from),
          and(sql`${chartAnnotations.endAt} is not null`, gte(chartAnnotations.endAt, f.from)),
        ),
      ),
    )
    .orderBy(asc(chartAnnotations.at))
    .limit(200);
  return rows.map((r) => ({
    id: r.id,
    at: r.at.getTime(),
    endAt: r.endAt?.getTime() ?? null,
    text: r.text,
    author: r.author,
  }));
}

/** Seconds since the oldest op-log row the rollups have not counted yet was written (0: caught up). */
export async function ingestLagSeconds(logDb: Db, counted: SQL): Promise<number> {
  const rows = decodeRows(
    { lag: col.nullable(col.number) },
    await logDb.execute(sql`select extract(epoch from now() - min(created_at))::float8 as lag from operation_logs
                            where created_at >= now() - interval '1 day' and not ${counted}`),
  );
  return Math.max(0, rows[0]?.lag ?? 0);
}
