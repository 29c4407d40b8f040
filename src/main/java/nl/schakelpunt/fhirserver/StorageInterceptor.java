package nl.schakelpunt.fhirserver;

/**
 * Marks a HAPI interceptor bean that hooks storage pointcuts ({@code STORAGE_*}). It is registered
 * with the storage layer's interceptor service, so its rule holds for every write whichever way it
 * arrives: a REST call, a batch or transaction entry, or the server's own writes.
 */
public interface StorageInterceptor {
}
