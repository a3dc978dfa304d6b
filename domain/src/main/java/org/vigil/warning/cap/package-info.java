/**
 * Public warnings in OASIS CAP 1.2, Flink-free: the message model ({@link org.vigil.warning.cap.CapAlert}), its XML
 * ({@link org.vigil.warning.cap.CapXml}) checked against the official schema ({@link org.vigil.warning.cap.CapSchema}),
 * the policy that turns alert transitions into warnings, updates and cancellations
 * ({@link org.vigil.warning.cap.PublicWarnings}) in the words of each language
 * ({@link org.vigil.warning.cap.WarningTexts}), and the Atom feed of the warnings in force
 * ({@link org.vigil.warning.cap.AtomFeed}).
 */
package org.vigil.warning.cap;
