/** The console's defences as a web application: headers, request checks, login throttling and bounded feed data. */
package org.vigil.console.security;
