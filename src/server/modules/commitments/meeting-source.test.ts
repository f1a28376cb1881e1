import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../../../test/helpers/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t?.close());

interface MeetingDetail {
  sourceDocument: string | null;
  sourceDocumentRef: { id: string; title: string; language: string } | null;
  documents: { id: string; filename: string }[];
}

describe("a meeting's source document", () => {
  it('is named by the title of the attached copy (the 2023 forum: its report), with the id to download it', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/meetings/champions-forum-i-2023-panama' });
    expect(res.statusCode).toBe(200);
    const m = res.json<MeetingDetail>();
    expect(m.sourceDocument).toBe('002_3ea1459b529c2a9a.txt');
    expect(m.sourceDocumentRef).toMatchObject({ title: 'Informe del I Foro Regional de Países Precursores', language: 'es' });
    expect(m.documents.find((d) => d.id === m.sourceDocumentRef?.id)?.filename).toBe('002_3ea1459b529c2a9a.txt');
  });

  it('is null when the named file is not attached (the meeting then shows no file name either)', async () => {
    await t.db.db.updateTable('meeting').set({ source_document: 'missing.txt' }).where('key', '=', 'champions-forum-ii-2024-san-salvador').execute();
    const m = (await t.app.inject({ method: 'GET', url: '/api/v1/meetings/champions-forum-ii-2024-san-salvador' })).json<MeetingDetail>();
    expect(m.sourceDocumentRef).toBeNull();
  });
});
