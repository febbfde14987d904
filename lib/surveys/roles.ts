/** Who builds surveys and reads responses and customer profiles (pages, actions, the CSV export). */
export const SURVEY_ROLES = ['admin', 'merchandiser'] as const;
