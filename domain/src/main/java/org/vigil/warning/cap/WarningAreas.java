package org.vigil.warning.cap;

/** Where warnings are: the area a site's warnings cover and the area of a region (from the registry). */
public interface WarningAreas {

  /** The area a site's warnings cover (its village, with the boundary and administrative code). */
  CapArea site(String siteId);

  /** A region's area, for warnings issued to it by hand. */
  CapArea region(String regionId);

  /** Areas known by name only: the site's or region's id. */
  static WarningAreas byName() {
    return new WarningAreas() {
      @Override
      public CapArea site(String siteId) {
        return CapArea.named(siteId);
      }

      @Override
      public CapArea region(String regionId) {
        return CapArea.named(regionId);
      }
    };
  }
}
