/**
 * One agency, however its name is typed: "淮安市洪泽区人民政府", "淮安市洪泽区 人民政府" and
 * "淮安市洪泽区人民政府（ ）"-style full-width forms name the same agency. The key folds full-width
 * forms to their half-width equivalents (Unicode NFKC: "（" → "(", "２" → "2", the ideographic space
 * → a space) and drops every space and invisible separator.
 */
export function agencyKey(name: string): string {
  return name.normalize("NFKC").replace(/[\s\u200b-\u200d\u2060\ufeff]/g, "");
}
