module dev.rollouttest/controlplane/node/tools

go 1.26.0
