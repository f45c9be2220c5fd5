import Foundation
import TrackspecCLI

exit(Trackspec.main(Array(CommandLine.arguments.dropFirst())))
