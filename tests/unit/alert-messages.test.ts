import { describe, expect, it } from 'vitest';
import { emailMessage, noticeLinks, slackBody, webhookBody, type AlertNotice } from '@/lib/alerts/messages';

const T = Date.UTC(2026, 10, 27, 14, 3);
const notice = (over: Partial<AlertNotice['rule']> = {}, type: AlertNotice['type'] = 'alert.firing'): AlertNotice => ({
  eventId: 42,
  type,
  rule: {
    id: 'r-1',
    name: 'Timeouts on proxy-ams',
    metric: 'error_type_failures',
    errorType: 'TIMEOUT',
    operationType: 'GET_REVIEWS',
    proxy: 'proxy-ams',
    authType: '2FA',
    windowMinutes: 10,
    threshold: 20,
    recoveryThreshold: 5,
    forSeconds: 120,
    minVolume: 0,
    ...over,
  },
  value: 37,
  firingSince: T,
  at: type === 'alert.firing' ? T : T + 1_800_000,
});

describe('alert messages', () => {
  it('link to the dashboard over the incident with the rule filters, and to the affected users', () => {
    const l = noticeLinks(notice(), 'https://bobbin.example');
    const u = new URL(l.dashboard);
    expect(u.pathname).toBe('/dashboards/errors');
    expect(Object.fromEntries(u.searchParams)).toMatchObject({
      range: 'custom',
      op: 'GET_REVIEWS',
      proxy: 'proxy-ams',
      auth: '2FA',
    });
    expect(new Date(u.searchParams.get('from')!).getTime()).toBeLessThan(T);
    expect(new Date(u.searchParams.get('to')!).getTime()).toBeGreaterThan(T);
    expect(l.affectedUsers).toBe('https://bobbin.example/support?range=24h&error=TIMEOUT&auth=2FA');
    expect(l.rule).toBe('https://bobbin.example/alerts#rule-r-1');
    expect(noticeLinks(notice({ metric: 'low_stock_count' }), null).affectedUsers).toBeNull();
    expect(noticeLinks(notice(), null).dashboard).toMatch(/^\/dashboards\/errors\?/);
  });

  it('webhook body carries a stable id, the rule in words and the value as text', () => {
    const body = JSON.parse(webhookBody(notice(), null));
    expect(body).toMatchObject({
      id: 'alert-event-42',
      type: 'alert.firing',
      value: 37,
      valueText: '37',
      rule: { description: 'TIMEOUT failures above 20 over 10 min for 2 min (recovers at 5)' },
    });
  });

  it('Slack text and email say firing or resolved with the links', () => {
    const slack = JSON.parse(slackBody(notice({}, 'alert.resolved'), 'https://b.example')).text as string;
    expect(slack).toMatch(/^:white_check_mark: \*\[RESOLVED\] Timeouts on proxy-ams: 37\*/);
    expect(slack).toMatch(/<https:\/\/b\.example\/support\?range=24h&error=TIMEOUT&auth=2FA\|Affected users>/);
    const mail = emailMessage(notice(), 'https://b.example');
    expect(mail.subject).toBe('[FIRING] Timeouts on proxy-ams: 37');
    expect(mail.text).toContain('Dashboard: https://b.example/dashboards/errors?');
  });
});
