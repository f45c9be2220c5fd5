import JSONSyntax

/// A tracking plan–source connection: `config` says, per event type, what RudderStack does with events
/// that violate the plan. Values are strings on the wire (`"true"`, not `true`): the API refuses booleans.
extension RudderStackAnalysis {
    mutating func connection(_ root: NodeID) {
        guard expect(root, .object, "connection") else { return }
        unknownKeys(root, known: ["sourceId", "trackingPlanId", "config"], where: "a tracking plan connection")
        for field in ["sourceId", "trackingPlanId"] {
            if let f = tree.member(field, in: root) { _ = expect(f, .string, field) }
        }
        guard let config = tree.member("config", in: root) else {
            report(RudderStackRule.configEmpty, ownerRange(root), "a tracking plan connection needs a non-empty 'config'")
            return
        }
        guard expect(config, .object, "config") else { return }
        let entries = members(config)
        if entries.isEmpty {
            report(RudderStackRule.configEmpty, config, "'config' is empty: give settings for at least one of \(RudderStackRule.configEventTypes.joined(separator: ", "))")
            return
        }
        for (eventType, p, settings) in entries {
            guard RudderStackRule.configEventTypes.contains(eventType) else {
                report(RudderStackRule.configEventTypeInvalid, keyRange(p),
                       "'\(eventType)' is not an event type of the config; use \(RudderStackRule.configEventTypes.joined(separator: ", "))\(Suggestions.didYouMean(eventType, in: RudderStackRule.configEventTypes))",
                       fixes: renameFix(p, to: Suggestions.closest(to: eventType, in: RudderStackRule.configEventTypes), taken: Set(entries.map(\.key))))
                continue
            }
            guard expect(settings, .object, "config.\(eventType)") else { continue }
            let list = members(settings)
            if list.isEmpty {
                report(RudderStackRule.configEventBlank, settings, "the settings for '\(eventType)' are empty; remove '\(eventType)' or give at least one setting")
                continue
            }
            let valid = RudderStackRule.configSettings(for: eventType)
            for (setting, sp, value) in list {
                guard valid.contains(setting) else {
                    if RudderStackRule.allSettings.contains(setting) {
                        report(RudderStackRule.configSettingInvalid, keyRange(sp), "'\(setting)' is only allowed under track and global, not under '\(eventType)'")
                    } else {
                        report(RudderStackRule.configSettingInvalid, keyRange(sp),
                               "unknown setting '\(setting)' for '\(eventType)' (settings: \(valid.joined(separator: ", ")))\(Suggestions.didYouMean(setting, in: valid))",
                               fixes: renameFix(sp, to: Suggestions.closest(to: setting, in: valid), taken: Set(list.map(\.key))))
                    }
                    continue
                }
                settingValue(setting, value)
            }
        }
    }

    mutating func settingValue(_ setting: String, _ value: NodeID) {
        let allowed = RudderStackRule.settingValues(setting)
        let quoted = allowed.map { "\"\($0)\"" }.joined(separator: " or ")
        switch tree.kind(value) {
        case .boolean:
            let text = tree.boolValue(value) == true ? "true" : "false"
            report(RudderStackRule.configValueInvalid, value, "'\(setting)' takes the string \"\(text)\", not the JSON boolean \(text)",
                   fixes: allowed.contains(text) ? [replaceString(value, with: text)] : [])
        case .string:
            let text = tree.stringValue(value)
            guard !allowed.contains(text) else { return }
            let closest = allowed.first { $0.lowercased() == text.lowercased().trimmingCharacters(in: .whitespaces) } ?? Suggestions.closest(to: text, in: allowed)
            report(RudderStackRule.configValueInvalid, value, "'\(setting)' must be \(quoted), found \"\(text)\"\(closest.map { "; did you mean '\($0)'?" } ?? "")",
                   fixes: closest.map { [replaceString(value, with: $0)] } ?? [])
        default:
            report(RudderStackRule.configValueInvalid, value, "'\(setting)' must be \(quoted), found \(describe(tree.kind(value)))")
        }
    }

}
