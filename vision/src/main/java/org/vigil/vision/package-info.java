/**
 * Camera frame analysis (people count, density, motion energy) with OpenCV.
 */
package org.vigil.vision;
