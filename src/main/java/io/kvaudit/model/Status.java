package io.kvaudit.model;

/** The state of one result: PASS, FAIL, ERROR (not assessed, with the reason) or MUTED (failed, but excepted). */
public enum Status { PASS, FAIL, ERROR, MUTED }
