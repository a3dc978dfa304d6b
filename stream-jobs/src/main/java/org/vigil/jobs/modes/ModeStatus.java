package org.vigil.jobs.modes;

/**
 * A region's own mode as published, retained, on {@code vigil/mode/<region>}; {@link #mode} null when the region
 * returned to its parent's mode (the retained message is then cleared).
 *
 * @param region the region
 * @param mode its own mode, or null (inherits)
 * @param setBy who switched it
 * @param setAtMs when, epoch ms
 * @param reason why
 * @param request the request's id
 */
public record ModeStatus(String region, String mode, String setBy, long setAtMs, String reason, String request) {}
