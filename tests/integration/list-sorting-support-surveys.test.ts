import crypto from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { surveyResponses } from '@/db/schema';
import { insertOperationLogs } from '@/db/queries/oplog-write';
import { listResponses, submitResponse } from '@/db/queries/survey-responses';
import { listTimeline } from '@/db/queries/support';
import { parseResponses, responseFilterOf, responseList } from '@/lib/lists/surveys';
import { timelineList } from '@/lib/lists/support';
import { timelineQueryOf } from '@/lib/server/lists/support-query';
import { useTestDatabase } from '../support/test-db';
import { failed, opEntry } from '../support/oplog-factories';
import { makePublishedSurvey } from '../support/survey-factories';

const t = useTestDatabase();
const db = () => t.handle.db;

describe("a user's timeline sorted by time both ways (URL state → query), keyset-paged", () => {
  it('walks every row once oldest first, the exact reverse of newest first, with filters kept', async () => {
    const base = Date.now() - 3_600_000;
    // Pairs share a timestamp, so the id must break ties the same way in both directions.
    const entries = Array.from({ length: 23 }, (_, i) =>
      i % 4 === 0
        ? failed('TIMEOUT', { userId: 'sorted', createdAt: new Date(base + Math.floor(i / 2) * 1000) })
        : opEntry({ userId: 'sorted', createdAt: new Date(base + Math.floor(i / 2) * 1000) }),
    );
    await insertOperationLogs(t.log.query, [...entries, opEntry({ userId: 'other', createdAt: new Date(base) })]);
    const accounts = [...new Set(entries.map((e) => e.platformAccountId))];
    const walk = async (raw: Record<string, string>) => {
      const state = timelineList.parse(raw);
      const query = timelineQueryOf(state, 'sorted', accounts, new Date());
      const ids: number[] = [];
      const times: number[] = [];
      let before = query.before;
      for (;;) {
        const page = await listTimeline(t.log.db, { ...query, before, limit: 5 });
        ids.push(...page.rows.map((r) => r.id));
        times.push(...page.rows.map((r) => r.createdAt.getTime()));
        if (!page.next) break;
        before = page.next;
      }
      return { ids, times };
    };
    const newest = await walk({});
    const oldest = await walk({ sort: 'time' });
    expect(newest.ids).toHaveLength(23);
    expect(new Set(oldest.ids).size).toBe(23);
    expect(oldest.ids).toEqual([...newest.ids].reverse());
    expect(oldest.times).toEqual([...oldest.times].sort((a, b) => a - b));
    const failures = await walk({ sort: 'time', status: 'FAILED' });
    expect(failures.ids).toHaveLength(entries.filter((e) => e.status === 'FAILED').length);
    expect(failures.times).toEqual([...failures.times].sort((a, b) => a - b));
    // The default sort is left out of links; the other direction and the cursor survive a round trip.
    expect(timelineList.query(timelineList.parse({}))).toBe('');
    const cursor = `${new Date(base).toISOString()}_5`;
    const parsed = timelineList.parse(new URLSearchParams(`sort=time&status=FAILED&before=${cursor}`));
    expect(parsed.sort).toEqual({ key: 'time', dir: 'asc' });
    expect(parsed.paging.before).toBe(cursor);
    expect(timelineList.parse({ sort: '-nope' }).dropped).toEqual(['sort']);
  });
});

describe('survey responses sorted by submitted time both ways', () => {
  it('oldest first is the exact reverse of newest first (ties broken by id), through the URL state', async () => {
    const s = await makePublishedSurvey(db());
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      await submitResponse(db(), {
        slug: s.slug,
        versionId: s.versionId,
        raw: { q_top: i % 2 ? 'M' : 'L', q_fit: 'slim' },
        idempotencyToken: crypto.randomUUID(),
        ipHash: 'h',
      });
    }
    const all = await db().select({ id: surveyResponses.id }).from(surveyResponses);
    // Three timestamps, two responses each; set out of insertion order so the sort, not the heap, decides.
    for (const [i, r] of all.entries()) {
      ids.push(r.id);
      await db()
        .update(surveyResponses)
        .set({ submittedAt: new Date(Date.UTC(2026, 0, 10 - (i % 3))) })
        .where(eq(surveyResponses.id, r.id));
    }
    const run = async (raw: Record<string, string>) =>
      (await listResponses(db(), s.id, responseFilterOf(parseResponses(raw)))).rows;
    const newest = await run({});
    const oldest = await run({ sort: 'submitted' });
    expect(newest).toHaveLength(6);
    expect(oldest.map((r) => r.id)).toEqual(newest.map((r) => r.id).reverse());
    const times = oldest.map((r) => r.submittedAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times[0]).toBeLessThan(times[5]!);
    // The form's `qa` select and the sort parse together; the export link keeps both.
    const state = parseResponses({ qa: 'top:M', sort: 'submitted' });
    expect(state.filters).toMatchObject({ question: 'top', answer: 'M' });
    expect(responseList.query(state)).toBe('?question=top&answer=M&sort=submitted');
    const filtered = await run({ qa: 'top:M', sort: 'submitted' });
    expect(filtered).toHaveLength(3);
    expect(ids).toHaveLength(6);
  });
});
