package nl.schakelpunt.audit;

import java.util.function.BiConsumer;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.IPreResourceShowDetails;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import jakarta.servlet.http.HttpServletRequest;
import nl.schakelpunt.access.AccessContexts;
import nl.schakelpunt.access.ResourceFacts;
import nl.schakelpunt.access.TypePolicy;
import nl.schakelpunt.fhirserver.StorageInterceptor;

/**
 * Gathers, from the storage layer, what an HTTP request shows and writes. The event of a write is
 * stored just before its database transaction commits, in that transaction: the write and its
 * audit record are committed together or not at all.
 */
@Component
@Interceptor
public class AuditStorageHooks implements StorageInterceptor {

    private final FhirContext fhirContext;
    private final AuditWriter writer;
    private final TypePolicy types;

    AuditStorageHooks(FhirContext fhirContext, AuditWriter writer, TypePolicy types) {
        this.types = types;
        this.fhirContext = fhirContext;
        this.writer = writer;
    }

    /** Runs before the access filter: whose data the request reached for. */
    @Hook(value = Pointcut.STORAGE_PRESHOW_RESOURCES, order = -1000)
    public void reachedFor(IPreResourceShowDetails details, RequestDetails request) {
        forEachResource(details, request, this::attempt);
    }

    /** Runs before the write rules: whose data a write reached for, even if it is refused. */
    @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED, order = -1000)
    public void updating(IBaseResource previous, IBaseResource resource, RequestDetails request) {
        if (AccessContexts.isHttp(request)) {
            attempt(AuditRecord.of(request), previous);
        }
    }

    @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED, order = -1000)
    public void deleting(IBaseResource resource, RequestDetails request) {
        if (AccessContexts.isHttp(request)) {
            attempt(AuditRecord.of(request), resource);
        }
    }

    /** Runs after the access filter: records only what is really shown. */
    @Hook(value = Pointcut.STORAGE_PRESHOW_RESOURCES, order = 1000)
    public void shown(IPreResourceShowDetails details, RequestDetails request) {
        forEachResource(details, request, this::touch);
    }

    private static void forEachResource(IPreResourceShowDetails details, RequestDetails request,
            BiConsumer<AuditRecord, IBaseResource> action) {
        if (!AccessContexts.isHttp(request)) {
            return;
        }
        AuditRecord record = AuditRecord.of(request);
        for (int i = 0; i < details.size(); i++) {
            IBaseResource resource = details.getResource(i);
            if (resource != null) {
                action.accept(record, resource);
            }
        }
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
    public void created(IBaseResource resource, RequestDetails request) {
        written(resource, request);
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
    public void updated(IBaseResource previous, IBaseResource resource, RequestDetails request) {
        written(resource, request);
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
    public void deleted(IBaseResource resource, RequestDetails request) {
        written(resource, request);
    }

    private void written(IBaseResource resource, RequestDetails request) {
        if (!AccessContexts.isHttp(request)) {
            return;
        }
        HttpServletRequest servlet = ((ServletRequestDetails) request).getServletRequest();
        AuditRecord record = AuditRecord.of(request);
        touch(record, resource);
        if (!record.commitHookRegistered) {
            record.commitHookRegistered = true;
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void beforeCommit(boolean readOnly) {
                    writer.write(request, servlet, 200, null);
                }

                @Override
                public void afterCompletion(int status) {
                    record.commitHookRegistered = false;
                    if (status != STATUS_COMMITTED) {
                        record.eventWritten = false;
                        record.clear();
                    }
                }
            });
        }
    }

    private void attempt(AuditRecord record, IBaseResource resource) {
        ResourceFacts facts = ResourceFacts.of(types, fhirContext, resource);
        String patient = facts.patientReference();
        if (patient != null) {
            record.attemptedPatients.add(patient);
            record.resourceOfPatient(patient, facts.type(), facts.id());
        }
    }

    private void touch(AuditRecord record, IBaseResource resource) {
        ResourceFacts facts = ResourceFacts.of(types, fhirContext, resource);
        String version = resource.getIdElement().getVersionIdPart();
        record.resources.add(facts.type() + "/" + facts.id() + (version == null ? "" : "/_history/" + version));
        record.holders.addAll(facts.holders());
        String patient = facts.patientReference();
        if (patient != null) {
            record.patients.add(patient);
            record.resourceOfPatient(patient, facts.type(), facts.id());
            record.holdersOfPatient(patient, facts.holders());
        }
    }
}
