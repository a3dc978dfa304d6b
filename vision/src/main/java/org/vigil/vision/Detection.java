package org.vigil.vision;

/**
 * One detected person: a box in image pixels of the original frame, a score and the method that found it.
 *
 * @param x left column of the box
 * @param y top row of the box
 * @param w box width in pixels
 * @param h box height in pixels
 * @param score detector confidence; for HOG the SVM margin, for a foreground blob the estimated number of persons
 *     it stands for (may be above 1 for a group)
 * @param source what found it: {@code "hog"} (HOG people detector), {@code "blob"} (foreground blob sized by the
 *     expected person size at its row)
 */
public record Detection(int x, int y, int w, int h, double score, String source) {

  /** Column of the foot point: the bottom centre of the box. */
  public double footX() {
    return x + w / 2.0;
  }

  /** Row of the foot point: the bottom edge of the box. */
  public double footY() {
    return y + h;
  }
}
