/**
 * The suite's configuration: built-in defaults, then an optional {@code config.yaml} (or the file
 * {@code -Dscaling.config=FILE} names), then {@code scaling.<key>} properties (system properties and
 * JUnit configuration parameters), validated completely before anything remote is touched.
 * <pre>
 * SuiteConfig config = SuiteConfig.load(Path.of(""),
 *         ConfigLookup.systemPropertiesThen(context::getConfigurationParameter));  // ConfigException lists every problem
 * </pre>
 * Pure: no AWS, SSH, JUnit or twin types; values that name SSM parameters stay {@link dev.scalingsuite.config.SsmRef}s
 * for the harness to resolve.
 */
package dev.scalingsuite.config;
