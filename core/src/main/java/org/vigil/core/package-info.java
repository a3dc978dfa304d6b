/** Records shared by every Vigil module: readings, hazard levels, alert events and dead letters. */
package org.vigil.core;
