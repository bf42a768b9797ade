/**
 * Fixture files the runner does not execute, one reason each. Every case in them is reported as skipped.
 * Empty: nothing is skipped.
 */
export const SKIPPED_FILES: { path: string; reason: string }[] = [];
