package dev.ferry.workflows;

/**
 * The input of the {@code approveDelete} signal: who allowed the deletes, so that the approval is
 * written in the workflow history. The stock CLI sends it as {@code --input
 * '{"approver":"alice"}'}.
 *
 * @param approver a name for the approver; the ferry client defaults it to {@code user@host}
 */
public record DeleteApprovalSignal(String approver) {}
