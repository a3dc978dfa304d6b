package org.vigil.registry;

import java.io.Serializable;
import java.util.Objects;

/**
 * What a site threatens: people or an asset below or beside the hazard.
 *
 * @param what a description ("12 houses below the slope", "county road X203")
 * @param kind {@code people} or the kind of asset ({@code homes}, {@code road}, {@code school}, ...)
 * @param count how many (people, homes, ...), -1 when not given
 */
public record Threat(String what, String kind, int count) implements Serializable {
  public Threat {
    Objects.requireNonNull(what, "what");
    kind = kind == null ? "" : kind;
  }
}
