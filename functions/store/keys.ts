/**
 * Storage keys. Objects are content-addressed (the key names the SHA-256 of the bytes), so a key is
 * never overwritten with other bytes and an object written by a failed publish is an orphan that no
 * version points at: harmless, and found by comparing keys with the versions.
 */
export const OBJECT_PREFIX = "reports/";

export function pdfKey(reportId: string, sha256: string): string {
  return `${OBJECT_PREFIX}${reportId}/pdf/${sha256}.pdf`;
}

export function ofdKey(reportId: string, sha256: string): string {
  return `${OBJECT_PREFIX}${reportId}/ofd/${sha256}.ofd`;
}

export function sourceKey(reportId: string, sha256: string): string {
  return `${OBJECT_PREFIX}${reportId}/source/${sha256}.json`;
}
