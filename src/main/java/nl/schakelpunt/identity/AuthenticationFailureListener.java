package nl.schakelpunt.identity;

import jakarta.servlet.http.HttpServletRequest;

/** Told of every request refused for want of a valid bearer token, so that the refusal is recorded. */
public interface AuthenticationFailureListener {

    void refused(HttpServletRequest request, String reason);
}
