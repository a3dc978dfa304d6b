/** The county map's data: regions with their boundaries and the sites with their locations, scoped by duty. */
package org.vigil.console.map;
