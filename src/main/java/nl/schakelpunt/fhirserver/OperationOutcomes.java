package nl.schakelpunt.fhirserver;

import org.hl7.fhir.r4.model.OperationOutcome;

/** Builds the OperationOutcomes the product answers refusals with: what is wrong, and where. */
public final class OperationOutcomes {

    private OperationOutcomes() {
    }

    /**
     * One error issue.
     *
     * @param code       an IssueType code ({@code invalid}, {@code duplicate}, {@code not-supported}, ...)
     * @param expression the FHIRPath location of the offending element
     * @param diagnostics what is wrong, in words a developer of a sending system understands
     */
    public static OperationOutcome error(String code, String expression, String diagnostics) {
        OperationOutcome outcome = new OperationOutcome();
        add(outcome, code, expression, diagnostics);
        return outcome;
    }

    /** Adds one more error issue to an outcome. */
    public static void add(OperationOutcome outcome, String code, String expression, String diagnostics) {
        OperationOutcome.OperationOutcomeIssueComponent issue = outcome.addIssue()
                .setSeverity(OperationOutcome.IssueSeverity.ERROR)
                .setCode(OperationOutcome.IssueType.fromCode(code))
                .setDiagnostics(diagnostics);
        if (expression != null) {
            issue.addExpression(expression);
            issue.addLocation(expression);
        }
    }
}
