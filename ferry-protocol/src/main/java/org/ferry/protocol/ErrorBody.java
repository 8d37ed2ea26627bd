package org.ferry.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The {@code error} member of an error frame. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(String code, String message, Integer retryAfter) {
}
