/**
 * The workflow docs cannot drift from the definitions: every question id any workflow can ask
 * (including the engine's confirm:<step> questions) must be named in docs/answers-file.md under
 * its workflow, and every workflow and step id in docs/workflows.md.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { workflows } from '../../electron/workflows';
import { workflowQuestions } from '../../electron/engine/workflow';
import { AnswersFileSchema } from '../../electron/engine/answers';

/** The doc's text under the `### \`<workflow id>\`` heading, up to the next heading of that level. */
function section(doc: string, workflowId: string): string {
  const start = doc.indexOf(`### \`${workflowId}\``);
  if (start < 0) return '';
  const next = doc.indexOf('\n### ', start + 4);
  return doc.slice(start, next < 0 ? undefined : next);
}

describe('workflow docs', () => {
  const answersDoc = fs.readFileSync('docs/answers-file.md', 'utf8');
  const workflowsDoc = fs.readFileSync('docs/workflows.md', 'utf8');

  it("docs/answers-file.md names every question id of every workflow, in that workflow's section", () => {
    const missing: string[] = [];
    for (const w of workflows) {
      const text = section(answersDoc, w.id);
      if (!text) missing.push(`${w.id}: no section`);
      for (const id of workflowQuestions(w).keys())
        if (!text.includes(`\`${id}\``)) missing.push(`${w.id}: ${id}`);
    }
    expect(missing).toEqual([]);
    // The list is not trivially empty: the flagship alone asks more than ten questions.
    expect(
      workflowQuestions(workflows.find((w) => w.id === 'windows-update-diskcryptor')!).size,
    ).toBeGreaterThan(10);
  });

  it('docs/answers-file.md names every field of the answers file format', () => {
    for (const field of Object.keys(AnswersFileSchema.shape))
      expect(answersDoc, field).toContain(`\`${field}\``);
  });

  it('docs/workflows.md names every workflow and every step id', () => {
    const missing: string[] = [];
    for (const w of workflows) {
      if (!workflowsDoc.includes(`\`${w.id}\``)) missing.push(w.id);
      for (const s of w.steps)
        if (!workflowsDoc.includes(`\`${s.id}\``)) missing.push(`${w.id}: ${s.id}`);
    }
    expect(missing).toEqual([]);
  });
});
