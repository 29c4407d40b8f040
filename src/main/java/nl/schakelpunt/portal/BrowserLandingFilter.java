package nl.schakelpunt.portal;

import java.io.IOException;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A person who opens the FHIR base in a browser is sent to the front page, which says what this server is; a FHIR
 * client (no text/html in its Accept header, or a bearer token) is answered by the API as before.
 */
final class BrowserLandingFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        boolean browser = "GET".equals(request.getMethod()) && accept != null && accept.contains("text/html")
                && request.getHeader(HttpHeaders.AUTHORIZATION) == null && request.getParameter("_format") == null;
        if (browser) {
            response.sendRedirect(request.getContextPath() + "/");
            return;
        }
        chain.doFilter(request, response);
    }
}
