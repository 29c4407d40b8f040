package nl.schakelpunt.summary;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Component;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.MatchUrlService;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import nl.schakelpunt.access.AccessContext;
import nl.schakelpunt.access.AccessContexts;
import nl.schakelpunt.access.AccessGuard;
import nl.schakelpunt.access.Call.Interaction;
import nl.schakelpunt.access.ProfessionalLookups;
import nl.schakelpunt.access.RequesterDirectory;
import nl.schakelpunt.access.ResourceFacts;
import nl.schakelpunt.access.TypePolicy;
import nl.schakelpunt.consent.PermissionCodes;
import nl.schakelpunt.fhirserver.OwnOperations;
import nl.schakelpunt.identity.NamingSystems;

/**
 * The look-ups a treating professional asks: {@code Patient/$locate} (which holders have data about
 * the patient that this professional may see, and of which categories) and {@code Patient/$summary}
 * (that data as a FHIR document). Both are composed from the same narrowed searches a professional's
 * own search would run, through the storage layer, so the second line of defence and the audit trail
 * apply as to any search.
 */
@Component
public class SummaryOperations implements OwnOperations {

    static final String OFFERED_CATEGORY_EXTENSION = PermissionCodes.CANONICAL_BASE + "/StructureDefinition/offered-data-category";
    private static final List<String> TYPES = List.of("MedicationStatement", "MedicationDispense", "MedicationRequest",
            "AllergyIntolerance", "Condition", "Encounter", "Observation");

    private final AccessGuard guard;
    private final ProfessionalLookups lookups;
    private final RequesterDirectory directory;
    private final DaoRegistry daos;
    private final MatchUrlService matchUrls;
    private final FhirContext fhirContext;
    private final SummaryDocument documents;
    private final Clock clock;
    private final TypePolicy types;

    public SummaryOperations(AccessGuard guard, ProfessionalLookups lookups, RequesterDirectory directory,
            DaoRegistry daos, MatchUrlService matchUrls, FhirContext fhirContext, Clock clock, TypePolicy types) {
        this.clock = clock;
        this.guard = guard;
        this.lookups = lookups;
        this.directory = directory;
        this.daos = daos;
        this.matchUrls = matchUrls;
        this.fhirContext = fhirContext;
        this.documents = new SummaryDocument(types);
        this.types = types;
    }

    @Operation(name = "$locate", type = Patient.class, idempotent = true)
    public Bundle locate(@OperationParam(name = "identifier", min = 1, max = 1) TokenParam identifier,
            RequestDetails request) {
        AccessContext context = guard.require(request, Interaction.OPERATION_TYPE, "Patient", "locate");
        Bundle result = new Bundle().setType(Bundle.BundleType.SEARCHSET);
        Optional<String> patientId = patientByBsn(identifier);
        if (patientId.isEmpty()) {
            return result.setTotal(0);
        }
        Map<String, Set<String>> categoriesByHolder = new LinkedHashMap<>();
        for (Resource resource : visibleData(context, patientId.get(), request)) {
            for (String holder : ResourceFacts.holdersOf(resource)) {
                categoriesByHolder.computeIfAbsent(holder, h -> new TreeSet<>()).add(types.categoryOf(resource));
            }
        }
        for (Map.Entry<String, Set<String>> holder : categoriesByHolder.entrySet()) {
            Organization organization = (Organization) daos.getResourceDao("Organization")
                    .read(new IdType(holder.getKey()), request);
            for (String category : holder.getValue()) {
                organization.addExtension(OFFERED_CATEGORY_EXTENSION,
                        new Coding(PermissionCodes.DATA_CATEGORY_SYSTEM, category, null));
            }
            result.addEntry().setFullUrl(fullUrl(request, organization)).setResource(organization)
                    .getSearch().setMode(Bundle.SearchEntryMode.MATCH);
        }
        return result.setTotal(result.getEntry().size());
    }

    @Operation(name = "$summary", type = Patient.class, idempotent = true)
    public Bundle summary(@IdParam(optional = true) IdType id,
            @OperationParam(name = "identifier", max = 1) TokenParam identifier, RequestDetails request) {
        AccessContext context = guard.require(request, id != null && id.hasIdPart()
                ? Interaction.OPERATION_INSTANCE : Interaction.OPERATION_TYPE, "Patient", "summary");
        Optional<String> patientId;
        if (id != null && id.hasIdPart()) {
            patientId = Optional.of(id.getIdPart());
        } else if (identifier != null) {
            patientId = patientByBsn(identifier);
        } else {
            throw new InvalidRequestException("Name the patient: Patient/{id}/$summary or identifier=" + NamingSystems.BSN + "|<bsn>");
        }
        Patient patient = patientId.map(pid -> readPatient(pid, request)).orElse(null);
        List<Resource> data = patient == null ? List.of() : visibleData(context, patientId.get(), request);
        Set<String> holderIds = data.stream().flatMap(r -> ResourceFacts.holdersOf(r).stream())
                .collect(Collectors.toCollection(LinkedHashSet::new));
        List<Organization> holders = new ArrayList<>();
        for (String holder : holderIds) {
            holders.add((Organization) daos.getResourceDao("Organization").read(new IdType(holder), request));
        }
        return documents.build(base(request), patient, data, holders, Date.from(clock.instant()));
    }

    private Optional<String> patientByBsn(TokenParam identifier) {
        if (identifier == null || !NamingSystems.BSN.equals(identifier.getSystem()) || identifier.getValue() == null) {
            throw new InvalidRequestException("identifier names the patient's BSN: " + NamingSystems.BSN + "|<bsn>");
        }
        return directory.patientIdByBsn(identifier.getValue());
    }

    private Patient readPatient(String patientId, RequestDetails request) {
        try {
            return (Patient) daos.getResourceDao("Patient").read(new IdType("Patient", patientId), request);
        } catch (ResourceNotFoundException e) {
            return null;
        }
    }

    /** Every resource of the summary types this professional may see about the patient, narrowed like a search. */
    private List<Resource> visibleData(AccessContext context, String patientId, RequestDetails request) {
        List<Resource> found = new ArrayList<>();
        if (!AccessContexts.isHttp(request)) {
            return found;
        }
        for (String type : TYPES) {
            Map<String, String[]> parameters = lookups.lookupParameters(context, type, patientId, request);
            String url = type + "?" + parameters.entrySet().stream()
                    .flatMap(e -> Arrays.stream(e.getValue()).map(v -> e.getKey() + "=" + v))
                    .collect(Collectors.joining("&"));
            SearchParameterMap map = matchUrls.translateMatchUrl(url, fhirContext.getResourceDefinition(type));
            map.setLoadSynchronous(true);
            for (IBaseResource resource : daos.getResourceDao(type).search(map, request).getAllResources()) {
                if (resource != null) {
                    found.add((Resource) resource);
                }
            }
        }
        return found;
    }

    private static String base(RequestDetails request) {
        return request.getFhirServerBase();
    }

    private static String fullUrl(RequestDetails request, Resource resource) {
        return base(request) + "/" + resource.fhirType() + "/" + resource.getIdElement().getIdPart();
    }

    static Identifier documentIdentifier() {
        return new Identifier().setSystem("urn:ietf:rfc:3986").setValue("urn:uuid:" + UUID.randomUUID());
    }
}
