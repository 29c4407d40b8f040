package nl.schakelpunt.fhirserver;

/**
 * Marks a bean holding FHIR operations of the product's own (plain provider methods annotated
 * with {@code @Operation}). It is registered with the FHIR endpoint.
 */
public interface OwnOperations {
}
