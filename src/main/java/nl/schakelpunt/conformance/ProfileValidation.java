package nl.schakelpunt.conformance;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hl7.fhir.common.hapi.validation.support.UnknownCodeSystemWarningValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.ValueSet;
import org.springframework.stereotype.Component;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.fhirpath.FhirPathExecutionException;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationOptions;
import ca.uhn.fhir.validation.ValidationResult;
import nl.schakelpunt.fhirserver.StorageInterceptor;

/**
 * Validates every write: a resource that declares a national profile (Nictiz nl-core, MP9) in
 * {@code meta.profile} against the profiles it declares, any other of a profiled type against the
 * implementation guide's profile for it,
 * inside the database transaction (so a transaction bundle with one invalid entry stores nothing).
 * Errors are refused with 422 and an OperationOutcome whose issues give the FHIRPath of the element.
 * Terminology is checked offline; code systems the server does not know (SNOMED CT, LOINC) only warn.
 * In a national resource, a code from a code system the server does not hold in full (the
 * G-Standaard, ICPC beyond the demo's fragment) only warns, also where a value set bound to the
 * element requires it: the server cannot tell whether it is in the value set. The guide's own value
 * sets (data categories, roles) are the server's to decide, and a code outside them is refused.
 * Runs after {@code IdentifierRules}, whose BSN and URA messages are more precise than an invariant's.
 */
@Component
@Interceptor
public class ProfileValidation implements StorageInterceptor {

    static final int ORDER = 100;
    private static final Pattern VALUE_SET_IN_MESSAGE = Pattern.compile("\\((https?://[^|)\\s]+)");
    /** How the validation support says that it cannot expand a value set over a code system it lacks. */
    private static final Pattern CODE_SYSTEM_NOT_PRESENT = Pattern.compile("CodeSystem '([^']+)' is ignored/not-present");

    private final Map<String, List<String>> profilesByType;
    private final FhirContext fhirContext;
    private final IValidationSupport terminology;
    private final NationalPackages nationalPackages;
    private final FhirValidator validator;
    private final IParser parser;
    private final boolean enabled;
    private final Set<String> whenDeclared;

    public ProfileValidation(FhirContext fhirContext, IValidationSupport validationSupport,
            ImplementationGuide guide, NationalPackages nationalPackages, ValidationProperties properties) {
        this.profilesByType = guide.profilesByType();
        this.fhirContext = fhirContext;
        this.terminology = validationSupport;
        this.nationalPackages = nationalPackages;
        this.enabled = properties.enabled();
        this.whenDeclared = Set.copyOf(properties.whenDeclared());
        List<String> known = profilesByType.values().stream().flatMap(List::stream).toList();
        for (String profile : whenDeclared) {
            if (!known.contains(profile)) {
                throw new IllegalStateException("schakelpunt.validation.when-declared names " + profile
                        + ", which is not a profile of the implementation guide");
            }
        }
        UnknownCodeSystemWarningValidationSupport unknownSystems = new UnknownCodeSystemWarningValidationSupport(fhirContext);
        unknownSystems.setNonExistentCodeSystemSeverity(IValidationSupport.IssueSeverity.WARNING);
        FhirInstanceValidator instanceValidator =
                new FhirInstanceValidator(new ValidationSupportChain(validationSupport, unknownSystems));
        instanceValidator.setAnyExtensionsAllowed(true);
        this.validator = fhirContext.newValidator().registerValidatorModule(instanceValidator);
        this.parser = fhirContext.newJsonParser();
    }

    @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, order = ORDER)
    public void beforeCreate(IBaseResource resource) {
        validate(resource);
    }

    @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED, order = ORDER)
    public void beforeUpdate(IBaseResource previous, IBaseResource resource) {
        validate(resource);
    }

    /**
     * The guide's profiles a resource is checked against besides those it declares: a resource that
     * declares one of its type's guide profiles is checked against that one alone (the validator does
     * so by itself); any other against every guide profile of its type but those that apply only when
     * declared.
     */
    private List<String> guideProfiles(String type, Set<String> declared) {
        List<String> profiles = profilesByType.getOrDefault(type, List.of());
        if (profiles.stream().anyMatch(declared::contains)) {
            return List.of();
        }
        return profiles.stream().filter(profile -> !whenDeclared.contains(profile)).toList();
    }

    private void validate(IBaseResource resource) {
        if (!enabled) {
            return;
        }
        // The validator checks every profile a resource declares by itself; the guide's own profile
        // is added for a resource that does not speak the national dialect.
        Set<String> declared = new HashSet<>();
        resource.getMeta().getProfile().forEach(profile -> declared.add(profile.getValueAsString()));
        boolean national = declared.stream().anyMatch(nationalPackages::isProfile);
        List<String> own = national ? List.of() : guideProfiles(resource.fhirType(), declared);
        if (!national && own.isEmpty()) {
            return;
        }
        ValidationOptions options = new ValidationOptions();
        own.forEach(options::addProfile);
        // Validated as encoded now: hooks that ran before this one may have changed the resource
        // after it was parsed (the holder recorded from the token, a permission addressed to it).
        ValidationResult result = validator.validateWithResult(parser.encodeResourceToString(resource), options);
        List<SingleValidationMessage> errors = result.getMessages().stream()
                .filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
                .filter(m -> !national || !aboutCodesNotHeld(resource, m))
                .toList();
        if (errors.isEmpty()) {
            return;
        }
        OperationOutcome outcome = new OperationOutcome();
        for (SingleValidationMessage error : errors) {
            OperationOutcome.OperationOutcomeIssueComponent issue = outcome.addIssue()
                    .setSeverity(OperationOutcome.IssueSeverity.ERROR)
                    .setCode(OperationOutcome.IssueType.PROCESSING)
                    .setDiagnostics(error.getMessage());
            if (error.getLocationString() != null) {
                issue.addExpression(error.getLocationString());
                issue.addLocation(error.getLocationString());
            }
        }
        String summary = errors.get(0).getLocationString() + ": " + errors.get(0).getMessage()
                + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : "");
        throw new UnprocessableEntityException(resource.fhirType() + " does not conform to its profile: " + summary,
                outcome);
    }

    /**
     * Whether a terminology error concerns only codes of code systems the server does not hold in
     * full, but which the bound value set draws on: the server cannot know such a code, so it cannot
     * tell whether it is in the value set. A code from a system the value set does not draw on at all
     * is certainly not in it, and keeps its error.
     */
    private boolean aboutCodesNotHeld(IBaseResource resource, SingleValidationMessage message) {
        String id = message.getMessageId();
        String text = message.getMessage() == null ? "" : message.getMessage();
        String lower = text.toLowerCase(Locale.ROOT);
        boolean terminology = id != null ? id.startsWith("Terminology_") || id.startsWith("Unknown_Code")
                : lower.contains("valueset") || lower.contains("value set");
        if (!terminology || message.getLocationString() == null) {
            return false;
        }
        Set<String> drawnOn = new HashSet<>();
        valueSetIn(text).ifPresent(url -> collectSystems(url, drawnOn, new HashSet<>()));
        Matcher notPresent = CODE_SYSTEM_NOT_PRESENT.matcher(text);
        while (notPresent.find()) {
            drawnOn.add(notPresent.group(1));
        }
        List<Coding> codings = new ArrayList<>();
        try {
            for (IBase element : fhirContext.newFhirPath().evaluate(resource, message.getLocationString(), IBase.class)) {
                if (element instanceof CodeableConcept concept) {
                    codings.addAll(concept.getCoding());
                } else if (element instanceof Coding coding) {
                    codings.add(coding);
                }
            }
        } catch (FhirPathExecutionException e) {
            // A location the FHIRPath engine cannot read: the error stands.
            return false;
        }
        return !codings.isEmpty() && codings.stream().allMatch(coding -> coding.hasSystem()
                && drawnOn.contains(coding.getSystem()) && !heldInFull(coding.getSystem()));
    }

    /** The canonical of the value set a terminology message names, as "(url|version)" or "(url)". */
    private static Optional<String> valueSetIn(String message) {
        Matcher matcher = VALUE_SET_IN_MESSAGE.matcher(message);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /** The code systems a value set draws on, also through the value sets it includes. */
    private void collectSystems(String valueSetUrl, Set<String> systems, Set<String> visited) {
        if (!visited.add(valueSetUrl) || !(terminology.fetchValueSet(valueSetUrl) instanceof ValueSet valueSet)) {
            return;
        }
        for (ValueSet.ConceptSetComponent include : valueSet.getCompose().getInclude()) {
            if (include.hasSystem()) {
                systems.add(include.getSystem());
            }
            include.getValueSet().forEach(nested -> collectSystems(nested.getValue(), systems, visited));
        }
    }

    private boolean heldInFull(String system) {
        return terminology.fetchCodeSystem(system) instanceof CodeSystem codeSystem
                && codeSystem.getContent() == CodeSystem.CodeSystemContentMode.COMPLETE;
    }
}
