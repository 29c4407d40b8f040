package nl.schakelpunt.fhirserver;

import ca.uhn.fhir.rest.server.IResourceProvider;

/**
 * Marks a resource provider bean that serves a type from the product's own store instead of
 * HAPI's resource tables. It is registered with the FHIR endpoint beside HAPI's providers.
 */
public interface OwnResourceProvider extends IResourceProvider {
}
