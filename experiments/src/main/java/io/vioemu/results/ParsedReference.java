package io.vioemu.results;

/**
 * One entry of an experiment's {@code reference} list: either a usable {@link Reference}, or what
 * is wrong with it (then the check is reported as not evaluable, never as passed).
 *
 * @param id the entry's id, or {@code #N} (its position, from 1) when it has none
 * @param description the entry's description, or empty
 * @param source the entry's source, or empty
 * @param reference the check, or null when the entry is unusable
 * @param problem why the entry is unusable, or null
 */
public record ParsedReference(
    String id, String description, String source, Reference reference, String problem) {

  public static ParsedReference of(Reference r) {
    return new ParsedReference(r.id(), r.description(), r.source(), r, null);
  }

  public static ParsedReference invalid(
      String id, String description, String source, String problem) {
    return new ParsedReference(id, description, source, null, problem);
  }
}
