package nl.schakelpunt.fhirserver;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Meta;
import org.apache.catalina.core.StandardHost;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.provider.JpaCapabilityStatementProvider;
import ca.uhn.fhir.jpa.provider.ValueSetOperationProvider;
import ca.uhn.fhir.jpa.search.DatabaseBackedPagingProvider;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.ETagSupportEnum;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.interceptor.ResponseHighlighterInterceptor;
import ca.uhn.fhir.rest.server.provider.ResourceProviderFactory;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;

/** The FHIR REST endpoint at {@value #BASE_PATH}: which types, which interactions, which interceptors. */
@Configuration
public class FhirEndpointConfig {

    public static final String BASE_PATH = "/fhir";

    /** Nothing but the health probes answers before the server is ready. */
    @Bean
    public FilterRegistrationBean<ReadinessGate> readinessGate(ApplicationAvailability availability,
            FhirContext fhirContext) {
        FilterRegistrationBean<ReadinessGate> registration =
                new FilterRegistrationBean<>(new ReadinessGate(availability, fhirContext));
        registration.addUrlPatterns("/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /** Tomcat's own error answers (a request it cannot parse) as OperationOutcomes, not its HTML page. */
    @Bean
    public WebServerFactoryCustomizer<TomcatServletWebServerFactory> errorsAsOutcomes() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(OutcomeErrorReportValve.class.getName());
            }
        });
    }

    @Bean
    public ServletRegistrationBean<RestfulServer> fhirServlet(
            FhirContext fhirContext,
            IInterceptorService interceptorService,
            ResourceProviderFactory resourceProviders,
            IFhirSystemDao<Bundle, Meta> systemDao,
            JpaStorageSettings storageSettings,
            ISearchParamRegistry searchParamRegistry,
            IValidationSupport validationSupport,
            DatabaseBackedPagingProvider pagingProvider,
            ValueSetOperationProvider valueSetOperations,
            FhirServerProperties properties,
            List<StorageInterceptor> storageInterceptors,
            List<RequestInterceptor> requestInterceptors,
            List<OwnResourceProvider> ownProviders,
            List<OwnOperations> ownOperations) {

        // Only the exposed types get a REST provider, and ExposedTypesRule refuses to store any other
        // type. HAPI's DAO registry stays complete: chained searches such as
        // MedicationStatement?patient.identifier=... resolve through every possible target type
        // (Patient and Group), and HAPI's own services ask for DAOs of types the product never serves.
        Set<String> exposed = new LinkedHashSet<>(properties.resourceTypes());

        // The REST server keeps its own interceptor service; HAPI broadcasts storage pointcuts to
        // both it and the storage layer's, so a shared one would run every storage hook twice.
        storageInterceptors.forEach(interceptorService::registerInterceptor);
        RestfulServer server = new RestfulServer(fhirContext);
        server.setServerName("Schakelpunt");
        server.setImplementationDescription("Schakelpunt exchange point");
        server.setDefaultResponseEncoding(EncodingEnum.JSON);
        server.setETagSupport(ETagSupportEnum.ENABLED);

        List<IResourceProvider> providers = resourceProviders.createProviders().stream()
                .filter(IResourceProvider.class::isInstance)
                .map(IResourceProvider.class::cast)
                .filter(p -> exposed.contains(fhirContext.getResourceType(p.getResourceType())))
                .toList();
        server.registerProviders(providers);
        // Types the product serves from its own store rather than HAPI's (the audit trail).
        ownProviders.forEach(server::registerProvider);
        ownOperations.forEach(server::registerProvider);
        server.registerProvider(new TransactionProvider(systemDao));
        // ValueSet $expand and $validate-code live outside the ValueSet resource provider.
        server.registerProvider(valueSetOperations);

        pagingProvider.setDefaultPageSize(properties.defaultPageSize());
        pagingProvider.setMaximumPageSize(properties.maxPageSize());
        server.setPagingProvider(pagingProvider);

        JpaCapabilityStatementProvider capabilities = new JpaCapabilityStatementProvider(
                server, systemDao, storageSettings, searchParamRegistry, validationSupport);
        capabilities.setImplementationDescription("Schakelpunt exchange point");
        server.setServerConformanceProvider(capabilities);

        server.registerInterceptor(new ResponseHighlighterInterceptor());
        requestInterceptors.forEach(server::registerInterceptor);

        ServletRegistrationBean<RestfulServer> registration =
                new ServletRegistrationBean<>(server, BASE_PATH + "/*");
        registration.setName("fhir");
        registration.setLoadOnStartup(1);
        return registration;
    }

    @Bean
    public FilterRegistrationBean<RequestSizeLimitFilter> requestSizeLimit(
            FhirContext fhirContext, FhirServerProperties properties) {
        FilterRegistrationBean<RequestSizeLimitFilter> registration = new FilterRegistrationBean<>(
                new RequestSizeLimitFilter(fhirContext, properties.maxRequestBytes()));
        registration.addUrlPatterns(BASE_PATH + "/*");
        return registration;
    }
}
