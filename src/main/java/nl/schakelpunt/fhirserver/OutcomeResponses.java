package nl.schakelpunt.fhirserver;

import java.io.IOException;
import java.util.Locale;

import org.hl7.fhir.r4.model.OperationOutcome;

import ca.uhn.fhir.context.FhirContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Writes an OperationOutcome outside HAPI (errors of Tomcat, Spring MVC and Spring Security) in the format the client
 * asked for, as HAPI does for its own: XML when {@code _format} or the Accept header asks for XML, JSON otherwise.
 */
public final class OutcomeResponses {

    private OutcomeResponses() {
    }

    public static boolean wantsXml(HttpServletRequest request) {
        String format = request.getParameter("_format");
        if (format != null) {
            String f = format.toLowerCase(Locale.ROOT);
            return f.equals("xml") || f.contains("fhir+xml") || f.equals("application/xml") || f.equals("text/xml");
        }
        String accept = request.getHeader("Accept");
        if (accept == null) {
            return false;
        }
        String a = accept.toLowerCase(Locale.ROOT);
        int xml = firstOf(a, "application/fhir+xml", "application/xml", "text/xml");
        int json = firstOf(a, "application/fhir+json", "application/json");
        return xml >= 0 && (json < 0 || xml < json);
    }

    public static void write(HttpServletRequest request, HttpServletResponse response, FhirContext fhirContext,
            int status, OperationOutcome outcome) throws IOException {
        boolean xml = wantsXml(request);
        response.setStatus(status);
        response.setCharacterEncoding("UTF-8");
        response.setContentType(xml ? "application/fhir+xml;charset=UTF-8" : "application/fhir+json;charset=UTF-8");
        response.getWriter().write(xml ? fhirContext.newXmlParser().encodeResourceToString(outcome)
                : fhirContext.newJsonParser().encodeResourceToString(outcome));
    }

    private static int firstOf(String accept, String... types) {
        int first = -1;
        for (String type : types) {
            int at = accept.indexOf(type);
            if (at >= 0 && (first < 0 || at < first)) {
                first = at;
            }
        }
        return first;
    }
}
