/**
 * Results documents, JSON, CSV, charts, Allure attachments and the live console.
 */
package dev.scalingsuite.report;
