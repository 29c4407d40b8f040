package nl.schakelpunt.portal;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.StringType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import jakarta.servlet.http.HttpServletRequest;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import nl.schakelpunt.consent.HolderSettings;
import nl.schakelpunt.consent.Permission;
import nl.schakelpunt.consent.PermissionCodes;
import nl.schakelpunt.consent.Permissions;
import nl.schakelpunt.identity.NamingSystems;

/**
 * The holder's desk: the worklist of online requests addressed to the signed-in person's holder, oldest first, with
 * accept and reject (with a reason the patient reads). It acts through the FHIR API with the staff member's token.
 */
@Controller
class DeskController {

    /** A request on the worklist. */
    public record Request(String id, String patientName, String bsn, String asked, long ageDays, String narrowing) {
    }

    /** One of the holder's permissions of a patient, as the desk shows it. */
    public record Recorded(String id, String status, boolean refusal, String channel, String since, String until,
            boolean hasScan) {

        public boolean mayMarkInError() {
            return !status.equals("entered-in-error");
        }
    }

    /** The largest scan of a paper form the desk accepts (the API's request limit is larger). */
    private static final long MAX_SCAN_BYTES = 5L * 1024 * 1024;

    private final PortalFhir fhir;
    private final PatientPages pages;
    private final Clock clock;

    DeskController(PortalFhir fhir, PatientPages pages, Clock clock) {
        this.fhir = fhir;
        this.pages = pages;
        this.clock = clock;
    }

    @GetMapping({"/desk", "/desk/"})
    String worklist(Model model) {
        PortalUser user = SignedIn.user();
        IGenericClient client = fhir.client();
        Bundle bundle = client.search().byUrl("Consent?status=proposed&organization=Organization/"
                + PatientPages.encode(user.organizationId()) + "&_sort=date&_count=200").returnBundle(Bundle.class)
                .execute();
        List<Request> requests = new ArrayList<>();
        Instant now = clock.instant();
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            if (entry.getResource() instanceof Consent consent) {
                Patient patient = client.read().resource(Patient.class)
                        .withId(consent.getPatient().getReferenceElement().getIdPart()).execute();
                String bsn = patient.getIdentifier().stream().filter(i -> NamingSystems.BSN.equals(i.getSystem()))
                        .map(i -> i.getValue()).findFirst().orElse("");
                Instant asked = consent.hasDateTime() ? consent.getDateTime().toInstant()
                        : consent.getMeta().getLastUpdated().toInstant();
                requests.add(new Request(consent.getIdElement().getIdPart(), PatientPages.nameOf(patient), bsn, pages.day(asked),
                        Duration.between(asked, now).toDays(), null));
            }
        }
        model.addAttribute("user", user);
        model.addAttribute("requests", requests);
        Organization holder = client.read().resource(Organization.class).withId(user.organizationId()).execute();
        model.addAttribute("atOnce", HolderSettings.onlinePermissionsAtOnce(holder));
        return "desk/worklist";
    }

    /** A patient found by BSN, with this holder's permissions of theirs, and the form to record a new choice. */
    @GetMapping("/desk/patient")
    String patient(@RequestParam String bsn, Model model) {
        PortalUser user = SignedIn.user();
        model.addAttribute("user", user);
        model.addAttribute("bsn", bsn.strip());
        model.addAttribute("choices", OnlineChoice.values());
        IGenericClient client = fhir.client();
        Bundle found = client.search().byUrl("Patient?identifier=" + PatientPages.encode(NamingSystems.BSN + "|"
                + bsn.strip())).returnBundle(Bundle.class).execute();
        Patient patient = found.getEntry().stream().map(e -> e.getResource()).filter(Patient.class::isInstance)
                .map(Patient.class::cast).findFirst().orElse(null);
        if (patient == null) {
            model.addAttribute("unknown", true);
            return "desk/patient";
        }
        model.addAttribute("patientName", PatientPages.nameOf(patient));
        model.addAttribute("patientId", patient.getIdElement().getIdPart());
        Bundle consents = client.search().byUrl("Consent?patient=Patient/" + patient.getIdElement().getIdPart()
                + "&organization=Organization/" + PatientPages.encode(user.organizationId()) + "&_sort=-date&_count=100")
                .returnBundle(Bundle.class).execute();
        List<Recorded> recorded = new ArrayList<>();
        for (Bundle.BundleEntryComponent entry : consents.getEntry()) {
            if (entry.getResource() instanceof Consent consent) {
                Permission permission = Permissions.of(consent, clock.getZone());
                recorded.add(new Recorded(consent.getIdElement().getIdPart(), permission.status().code(),
                        permission.refusal(), permission.channel(),
                        pages.day(permission.start() != null ? permission.start() : permission.recorded()),
                        pages.day(permission.end()), consent.hasSourceAttachment()));
            }
        }
        model.addAttribute("recorded", recorded);
        return "desk/patient";
    }

    /** A verbal or paper choice, recorded by the holder; a paper form may come with its scan. */
    @PostMapping("/desk/patient/record")
    String record(@RequestParam String bsn, @RequestParam String patientId, @RequestParam OnlineChoice choice,
            @RequestParam String channel, @RequestParam(required = false) MultipartFile scan,
            RedirectAttributes redirect) throws IOException {
        String back = "redirect:/desk/patient?bsn=" + PatientPages.encode(bsn);
        if (!List.of(PermissionCodes.VERBAL, PermissionCodes.PAPER).contains(channel)) {
            redirect.addFlashAttribute("failedKey", "desk.record.channel");
            return back;
        }
        Consent consent = choice.consent(patientId, SignedIn.user().organizationId(), clock, channel);
        if (scan != null && !scan.isEmpty()) {
            if (scan.getSize() > MAX_SCAN_BYTES) {
                redirect.addFlashAttribute("failedKey", "desk.record.scan-too-large");
                return back;
            }
            consent.setSource(new Attachment()
                    .setContentType(scan.getContentType() == null ? "application/octet-stream" : scan.getContentType())
                    .setTitle(scan.getOriginalFilename())
                    .setCreationElement(new DateTimeType(Date.from(clock.instant())))
                    .setData(scan.getBytes()));
        }
        fhir.client().create().resource(consent).execute();
        redirect.addFlashAttribute("done", "desk.done.recorded");
        return back;
    }

    /** A permission the holder recorded by mistake: marked as entered in error (it then counts as never given). */
    @PostMapping("/desk/permissions/{id}/entered-in-error")
    String markInError(@PathVariable String id, @RequestParam String bsn, RedirectAttributes redirect) {
        Parameters parameters = new Parameters();
        parameters.addParameter().setName("reason").setValue(new CodeType("entered-in-error"));
        fhir.client().operation().onInstance(new IdType("Consent", id)).named("$withdraw")
                .withParameters(parameters).returnResourceType(Consent.class).execute();
        redirect.addFlashAttribute("done", "desk.done.in-error");
        return "redirect:/desk/patient?bsn=" + PatientPages.encode(bsn);
    }

    /** The holder's setting: online permissions with a verified login take effect at once, or wait for processing. */
    @PostMapping("/desk/settings")
    String settings(@RequestParam boolean atOnce, RedirectAttributes redirect) {
        Parameters parameters = new Parameters();
        parameters.addParameter().setName("at-once").setValue(new BooleanType(atOnce));
        fhir.client().operation().onInstance(new IdType("Organization", SignedIn.user().organizationId()))
                .named("$online-permissions").withParameters(parameters).returnResourceType(Organization.class)
                .execute();
        redirect.addFlashAttribute("done", atOnce ? "desk.done.at-once" : "desk.done.wait");
        return "redirect:/desk";
    }

    @PostMapping("/desk/requests/{id}/accept")
    String accept(@PathVariable String id, RedirectAttributes redirect) {
        process(id, "accept", null);
        redirect.addFlashAttribute("done", "desk.done.accepted");
        return "redirect:/desk";
    }

    @PostMapping("/desk/requests/{id}/reject")
    String reject(@PathVariable String id, @RequestParam String reason, RedirectAttributes redirect) {
        if (reason.isBlank()) {
            redirect.addFlashAttribute("failedKey", "desk.reason.required");
            return "redirect:/desk";
        }
        process(id, "reject", reason.strip());
        redirect.addFlashAttribute("done", "desk.done.rejected");
        return "redirect:/desk";
    }

    private void process(String id, String decision, String reason) {
        Parameters parameters = new Parameters();
        parameters.addParameter().setName("decision").setValue(new CodeType(decision));
        if (reason != null) {
            parameters.addParameter().setName("reason").setValue(new StringType(reason));
        }
        fhir.client().operation().onInstance(new IdType("Consent", id)).named("$process")
                .withParameters(parameters).returnResourceType(Consent.class).execute();
    }

    /**
     * A refusal of the API: after an action, a message on the page the person came from; on a page that could not
     * be shown, an error page with the same message (never a redirect to the page that failed).
     */
    @ExceptionHandler(BaseServerResponseException.class)
    String refused(BaseServerResponseException e, HttpServletRequest request, RedirectAttributes redirect,
            Model model) {
        if ("GET".equals(request.getMethod())) {
            model.addAttribute("failed", FhirMessages.of(e));
            model.addAttribute("area", "desk");
            model.addAttribute("user", SignedIn.user());
            return "failed";
        }
        redirect.addFlashAttribute("failed", FhirMessages.of(e));
        return "redirect:/desk";
    }

    @ExceptionHandler(PortalTokens.SignInExpiredException.class)
    String expired() {
        return "redirect:" + PortalSecurityConfig.DESK_SIGN_IN + "?expired";
    }
}
