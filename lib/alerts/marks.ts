/** Something drawn over the time-series charts: an alert's firing period or an admin's note (end null: a moment). */
export type ChartMark = { kind: 'alert' | 'note'; start: number; end: number | null; label: string };
