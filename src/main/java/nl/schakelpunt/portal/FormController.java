package nl.schakelpunt.portal;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Locale;

import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import nl.schakelpunt.identity.NamingSystems;

/**
 * The permission form as a PDF: filled in for the signed-in patient and a holder (the same choices as online), or
 * empty, for people without DigiD, to fill in by hand and hand in at the GP practice or pharmacy.
 */
@Controller
class FormController {

    private final PortalFhir fhir;
    private final PatientPages pages;
    private final Clock clock;

    FormController(PortalFhir fhir, PatientPages pages, Clock clock) {
        this.fhir = fhir;
        this.pages = pages;
        this.clock = clock;
    }

    @GetMapping("/portal/form/empty.pdf")
    ResponseEntity<byte[]> empty(Locale locale) {
        return pdf(PermissionForm.empty(locale), "empty");
    }

    @GetMapping("/portal/form.pdf")
    ResponseEntity<byte[]> filled(@RequestParam String holder,
            @RequestParam(defaultValue = "PERMIT") OnlineChoice choice, Locale locale) {
        IGenericClient client = fhir.client();
        Patient patient = pages.me(client);
        Organization organization = client.read().resource(Organization.class).withId(holder).execute();
        if (patient == null) {
            return ResponseEntity.notFound().build();
        }
        String bsn = patient.getIdentifier().stream().filter(i -> NamingSystems.BSN.equals(i.getSystem()))
                .map(i -> i.getValue()).findFirst().orElse(SignedIn.user().bsn());
        String name = patient.getNameFirstRep().hasText() ? patient.getNameFirstRep().getText()
                : patient.getNameFirstRep().getNameAsSingleString();
        LocalDate birthDate = patient.hasBirthDate()
                ? LocalDate.parse(patient.getBirthDateElement().getValueAsString().substring(0, 10)) : null;
        String place = organization.getAddress().stream().map(a -> a.getCity()).filter(c -> c != null).findFirst()
                .orElse(null);
        PermissionForm.Filled form = new PermissionForm.Filled(name, bsn, birthDate, organization.getName(), place,
                PermissionForm.Choice.valueOf(choice.name()), LocalDate.now(clock));
        return pdf(PermissionForm.filled(form, locale), holder);
    }

    private static ResponseEntity<byte[]> pdf(byte[] bytes, String suffix) {
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline()
                        .filename("toestemmingsformulier-" + suffix + ".pdf").build().toString())
                .body(bytes);
    }

    @ExceptionHandler(BaseServerResponseException.class)
    ResponseEntity<String> refused(BaseServerResponseException e) {
        return ResponseEntity.status(e.getStatusCode()).contentType(MediaType.TEXT_PLAIN).body(FhirMessages.of(e));
    }
}
