// A badge « à vérifier » as the manager meets it in Badgés: a create whose answer was lost, and Festime
// already has the number under another name (test/holders/replay.test.ts proves the outbox reaches that
// state against the simulator; here the outbox is put in it directly, as that replay leaves it). The
// card says why nothing is sent; « Donner un autre badge… » records the create again under the new
// number, « Garder la personne de Festime » drops our change; both through the real handlers.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { bridgeCall, expect, nav, openDemo, serialApp, shot, test } from './fixtures';

const shared = serialApp();

test('two badges « à vérifier »: one given another badge, the other left to Festime’s person', async () => {
  const { app, page } = shared;
  await openDemo(page, app.url);
  const holders = await bridgeCall(app, 'holders/list', {});
  const [first, second] = holders;
  const db = new Database(join(app.dataDir, 'festime-desk.sqlite'));
  const account = db.prepare('SELECT id FROM accounts').pluck().get() as number;
  const held = db.prepare(
    `INSERT INTO outbox (account_id, op, uid, nom, prenom, state, attempts, created_at, created_by) VALUES (?, 'add', ?, ?, ?, 'conflict', 2, ?, 'gerante')`,
  );
  held.run(account, first!.uid, 'DURAND', 'Jean', new Date().toISOString());
  held.run(account, second!.uid, 'PETIT', 'Lou', new Date().toISOString());
  db.close();

  await nav(page, 'Badgés').click();
  const card = page.getByRole('region', { name: 'À vérifier : ces numéros de badge existent déjà chez Festime' });
  await expect(card.getByText(`DURAND Jean (${first!.uid})`)).toBeVisible();
  await expect(card.getByText('Rien n’est envoyé pour ce badge tant que vous n’avez pas choisi.', { exact: false })).toBeVisible();
  await shot(page, '57-badge-a-verifier');

  const durand = card.getByRole('listitem').filter({ hasText: 'DURAND Jean' });
  await durand.getByRole('button', { name: 'Donner un autre badge…' }).click();
  await durand.getByLabel('Nouveau numéro de badge pour DURAND Jean').fill('555099');
  await durand.getByRole('button', { name: 'Confirmer' }).click();
  await expect(page.getByText(`Choix enregistré pour le badge ${first!.uid}.`)).toBeVisible();

  const petit = card.getByRole('listitem').filter({ hasText: 'PETIT Lou' });
  await petit.getByRole('button', { name: 'Garder la personne de Festime' }).click();
  await expect(page.getByText(`Choix enregistré pour le badge ${second!.uid}.`)).toBeVisible();
  await expect(card).toBeHidden();

  // DURAND is created under the new number (the demo's Festime is online); nothing is left for the two numbers Festime holds,
  // whose holders keep their names.
  const pending = await bridgeCall(app, 'holders/pending', {});
  expect(pending.toCheck).toEqual([]);
  expect(pending.queued.some((q) => q.uid === first!.uid || q.uid === second!.uid)).toBe(false);
  const after = await bridgeCall(app, 'holders/list', {});
  expect(after.find((h) => h.uid === '555099')).toMatchObject({ nom: 'DURAND', prenom: 'Jean' });
  expect(after.find((h) => h.uid === first!.uid)).toMatchObject({ nom: first!.nom, prenom: first!.prenom });
  expect(after.find((h) => h.uid === second!.uid)).toMatchObject({ nom: second!.nom, prenom: second!.prenom });
});
