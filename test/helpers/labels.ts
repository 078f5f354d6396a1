/** What an edition prints, label by label: every rendering of a report must hold all of them. */
import { applicationLeaves, EDITIONS } from "../../functions/report/editions/index.js";
import type { NormalizedReport } from "../../functions/report/index.js";

/** Every label the edition prints. */
export function officialLabels(report: NormalizedReport): string[] {
  const edition = EDITIONS[report.edition];
  const labels = edition.sections.map((s) => s.title);
  for (const group of edition.proactive.groups) {
    labels.push(group.heading, group.contentLabel, ...group.fields.map((f) => f.label), ...group.rows.map((r) => r.label));
  }
  labels.push(edition.applications.cornerNote, edition.applications.applicantHeading);
  labels.push(...edition.applications.columns.map((c) => c.label), ...edition.applications.columns.flatMap((c) => (c.group ? [c.group] : [])));
  labels.push(...applicationLeaves(edition.applications).flatMap((l) => l.labels));
  labels.push(...edition.reviewLitigation.groups.flatMap((g) => [g.heading, ...(g.label ? [g.label] : [])]));
  labels.push(...edition.reviewLitigation.outcomes.map((o) => o.label));
  return [...new Set(labels)];
}
