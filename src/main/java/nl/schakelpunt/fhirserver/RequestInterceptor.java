package nl.schakelpunt.fhirserver;

/**
 * Marks a HAPI interceptor bean that hooks REST server pointcuts ({@code SERVER_*}). It is
 * registered with the FHIR endpoint.
 */
public interface RequestInterceptor {
}
