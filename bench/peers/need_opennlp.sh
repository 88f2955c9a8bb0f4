# Sourced by the OpenNLP peer scripts: makes sure Debian's opennlp is there,
# installing it when run as root; else says how and exits. $1: the script's name.
need_opennlp() {
	command -v opennlp >/dev/null 2>&1 && return 0
	if [ "$(id -u)" = 0 ]; then
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends opennlp >/dev/null
	else
		echo "$1: needs Debian's opennlp: sudo apt-get install opennlp" >&2
		exit 1
	fi
}
