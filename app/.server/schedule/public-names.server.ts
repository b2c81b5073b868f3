/* How a child's name is shown: in public as the guardian chose, in full to the family and the organisers. */

export interface NameParts {
  first_name: string;
  last_name: string;
  public_name: "full" | "initial";
  anonymised_at: Date | null;
}

/** The name a child is shown under in public, as the guardian chose; null once the child's data was deleted. */
export function publicName(p: NameParts): string | null {
  if (p.anonymised_at || !(p.first_name || p.last_name)) return null;
  if (p.public_name === "full") return `${p.last_name} ${p.first_name}`.trim();
  const initial = Array.from(p.last_name)[0];
  return initial ? `${p.first_name} ${initial}.` : p.first_name;
}

/** The whole name, for the family's own children and for the organisers' running order. */
export function fullName(p: NameParts): string | null {
  if (p.anonymised_at || !(p.first_name || p.last_name)) return null;
  return `${p.last_name} ${p.first_name}`.trim();
}
