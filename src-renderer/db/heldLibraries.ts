/**
 * `row` with the libraries its stored row (`stored`) is held by added. Which libraries' files
 * hold a row is this machine's note, never shown and never carried: a backup, a REFI-QDA
 * project, or an edit made on a copy read before the annotation files stored the row as their
 * library's comes without it, and written as it came the row would be of no library again, for
 * the next library listing an article of its key to take. A union undoes nothing meant: no code
 * takes a library off a row.
 */
export function keepingHeldLibraries<R extends { id: string; libraryIds?: string[] }>(row: R, stored: { libraryIds?: string[] } | undefined): R {
  const held = stored?.libraryIds ?? [];
  const missing = held.filter((id) => !row.libraryIds?.includes(id));
  return missing.length === 0 ? row : { ...row, libraryIds: [...(row.libraryIds ?? []), ...missing] };
}

/** The stored rows by id, for keepingHeldLibraries. */
export function byId<R extends { id: string }>(rows: readonly (R | undefined)[]): Map<string, R> {
  return new Map(rows.flatMap((r) => (r ? [[r.id, r] as const] : [])));
}
