package dev.scalingsuite.junit;

/** How one scenario step ended, with the model seconds it took to hold (for the verdict and reports). */
record StepResult(int index, String description, Status status, double modelSeconds, String message) {

    enum Status { PASSED, FAILED, NOT_RUN }
}
