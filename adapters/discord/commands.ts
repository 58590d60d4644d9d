// Discord's /papers application command, derived from the command grammar in src/commands/spec.ts (never written twice).
import {
  ApplicationIntegrationType,
  InteractionContextType,
  SlashCommandBuilder,
  SlashCommandSubcommandBuilder,
  SlashCommandSubcommandGroupBuilder,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { CHANNEL_GROUP, COMMANDS, type CommandSpec, type OptionSpec } from '../../src/commands/spec.js';

export const COMMAND_NAME = 'papers';
const DESCRIPTION = 'Daily arXiv papers ranked by your interests';
/** Discord's limit for command, subcommand and option descriptions. */
const DESCRIPTION_MAX = 100;
/** Discord's limit for a string option's value. */
const STRING_VALUE_MAX = 6000;

function fit(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function addOption(sub: SlashCommandSubcommandBuilder, option: OptionSpec): void {
  const description = fit(option.description, DESCRIPTION_MAX);
  const required = option.required ?? false;
  switch (option.type) {
    case 'string':
      sub.addStringOption((o) => {
        o.setName(option.name).setDescription(description).setRequired(required);
        if (option.choices) o.addChoices(...option.choices.map((c) => ({ name: c, value: c })));
        // Discord refuses autocomplete together with fixed choices; the choices win because they are exhaustive.
        else if (option.autocomplete) o.setAutocomplete(true);
        if (option.min !== undefined) o.setMinLength(option.min);
        o.setMaxLength(Math.min(option.max ?? STRING_VALUE_MAX, STRING_VALUE_MAX));
        return o;
      });
      return;
    case 'integer':
      sub.addIntegerOption((o) => {
        o.setName(option.name).setDescription(description).setRequired(required);
        if (option.choices) o.addChoices(...option.choices.map((c) => ({ name: c, value: Number(c) })));
        else if (option.autocomplete) o.setAutocomplete(true);
        if (option.min !== undefined) o.setMinValue(option.min);
        if (option.max !== undefined) o.setMaxValue(option.max);
        return o;
      });
      return;
    case 'boolean':
      sub.addBooleanOption((o) => o.setName(option.name).setDescription(description).setRequired(required));
      return;
  }
}

function subcommand(spec: CommandSpec): SlashCommandSubcommandBuilder {
  const sub = new SlashCommandSubcommandBuilder().setName(spec.name).setDescription(fit(spec.summary, DESCRIPTION_MAX));
  // Discord wants required options first; the text grammar already orders them that way, and a drift test checks it.
  for (const option of spec.options) addOption(sub, option);
  return sub;
}

/**
 * The application commands to register: one `/papers` command whose subcommands are the visible COMMANDS and whose
 * `channel` subcommand group is CHANNEL_GROUP. The builders validate names, lengths and counts as they go.
 */
export function buildCommandDefinitions(): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  const papers = new SlashCommandBuilder()
    .setName(COMMAND_NAME)
    .setDescription(DESCRIPTION)
    // Digests and settings belong to a server channel; there is nothing to configure in a DM.
    .setContexts(InteractionContextType.Guild)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall);
  for (const spec of COMMANDS) {
    if (!spec.hidden) papers.addSubcommand(subcommand(spec));
  }
  const group = new SlashCommandSubcommandGroupBuilder().setName(CHANNEL_GROUP.name).setDescription(fit(CHANNEL_GROUP.summary, DESCRIPTION_MAX));
  for (const spec of CHANNEL_GROUP.subcommands) {
    if (!spec.hidden) group.addSubcommand(subcommand(spec));
  }
  papers.addSubcommandGroup(group);
  return [papers.toJSON()];
}
