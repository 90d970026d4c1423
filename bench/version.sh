# Sourced by the bench scripts (from the repository's root): the build's version, read from the
# root pom, so the scripts name the jars the build makes (module/target/module-VERSION[-classifier].jar).
version=$(grep -A1 '<artifactId>unitrace-parent</artifactId>' pom.xml | sed -n 's:.*<version>\(.*\)</version>.*:\1:p')
[ -n "$version" ] || { echo "no project version in pom.xml" >&2; exit 1; }
