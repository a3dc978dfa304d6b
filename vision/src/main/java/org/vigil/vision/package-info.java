/**
 * Camera frame analysis (people count, density, motion energy) with OpenCV. Not implemented yet: issue 6 fills
 * this module; it is in the build now so that the module layout of the design brief holds from the start.
 */
package org.vigil.vision;
