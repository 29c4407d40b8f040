package nl.schakelpunt.fhirserver;

/**
 * Marks a HAPI interceptor bean of this product. The FHIR endpoint registers every such bean with
 * the one interceptor service that both the REST layer and the storage layer broadcast to, so a
 * rule hooked on a storage pointcut also holds inside batch and transaction entries.
 */
public interface ExchangeInterceptor {
}
