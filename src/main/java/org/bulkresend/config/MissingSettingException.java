package org.bulkresend.config;

/** A setting the run cannot do without is missing or wrong; the message says which and how to fix it. */
public class MissingSettingException extends RuntimeException {

    public MissingSettingException(String message) {
        super(message);
    }
}
