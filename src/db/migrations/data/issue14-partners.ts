/**
 * Issue 14's partners as the seeds gave them on 2026-11-30 (seeds/README.md, "Partners"), written
 * out so that the data migrations stay independent of later seed files: [commitment, actor, role,
 * evidence, document, section].
 */
export const ISSUE14_PARTNERS: readonly [string, string, string, string, string, string][] = [
  [
    "THE-CODE-TRAVEL-AND-TOURISM",
    "SE-ECPAT",
    "IMPLEMENTING",
    "The Code was developed in 1998 by ECPAT Sweden in collaboration with Scandinavian tourism companies. The project management was subsequently extended to ECPAT International Network and started to involve tourism companies around the world, from tourism umbrella organizations to businesses and the informal tourism sector.",
    "001_d27a5eeeb1265c3a.txt",
    "CHAPTER 4 GOOD PRACTICES AND THE ITALIAN COOPERATION EXPERIENCE > 4.1 LEGISLATIVE, REGIONAL OR INTERNATIONAL INSTRUMENTS TO PREVENT AND COMBAT SEXUAL VIOLENCE AGAINST CHILDREN > 4.1.1 The Code of Conduct for the Protection of Children from Sexual Exploitation in Travel and Tourism > Institutions involved"
  ],
  [
    "THE-CODE-TRAVEL-AND-TOURISM",
    "ECPAT",
    "IMPLEMENTING",
    "The Code was developed in 1998 by ECPAT Sweden in collaboration with Scandinavian tourism companies. The project management was subsequently extended to ECPAT International Network and started to involve tourism companies around the world, from tourism umbrella organizations to businesses and the informal tourism sector.",
    "001_d27a5eeeb1265c3a.txt",
    "CHAPTER 4 GOOD PRACTICES AND THE ITALIAN COOPERATION EXPERIENCE > 4.1 LEGISLATIVE, REGIONAL OR INTERNATIONAL INSTRUMENTS TO PREVENT AND COMBAT SEXUAL VIOLENCE AGAINST CHILDREN > 4.1.1 The Code of Conduct for the Protection of Children from Sexual Exploitation in Travel and Tourism > Institutions involved"
  ],
  [
    "THE-CODE-TRAVEL-AND-TOURISM",
    "CH-SECO",
    "FUNDING",
    "currently co-financed by the Swiss State Secretariat for Economic Affairs (SECO) and the Japanese Committee for UNICEF.",
    "001_d27a5eeeb1265c3a.txt",
    "CHAPTER 4 GOOD PRACTICES AND THE ITALIAN COOPERATION EXPERIENCE > 4.1 LEGISLATIVE, REGIONAL OR INTERNATIONAL INSTRUMENTS TO PREVENT AND COMBAT SEXUAL VIOLENCE AGAINST CHILDREN > 4.1.1 The Code of Conduct for the Protection of Children from Sexual Exploitation in Travel and Tourism > Institutions involved"
  ],
  [
    "THE-CODE-TRAVEL-AND-TOURISM",
    "JP-UNICEF-COMMITTEE",
    "FUNDING",
    "currently co-financed by the Swiss State Secretariat for Economic Affairs (SECO) and the Japanese Committee for UNICEF.",
    "001_d27a5eeeb1265c3a.txt",
    "CHAPTER 4 GOOD PRACTICES AND THE ITALIAN COOPERATION EXPERIENCE > 4.1 LEGISLATIVE, REGIONAL OR INTERNATIONAL INSTRUMENTS TO PREVENT AND COMBAT SEXUAL VIOLENCE AGAINST CHILDREN > 4.1.1 The Code of Conduct for the Protection of Children from Sexual Exploitation in Travel and Tourism > Institutions involved"
  ],
  [
    "THE-CODE-TRAVEL-AND-TOURISM",
    "ACCOR",
    "IMPLEMENTING",
    "The Code has been signed by leading company such as ACCOR, Kuoni, Carlson and Delta.",
    "001_d27a5eeeb1265c3a.txt",
    "CHAPTER 4 GOOD PRACTICES AND THE ITALIAN COOPERATION EXPERIENCE > 4.1 LEGISLATIVE, REGIONAL OR INTERNATIONAL INSTRUMENTS TO PREVENT AND COMBAT SEXUAL VIOLENCE AGAINST CHILDREN > 4.1.1 The Code of Conduct for the Protection of Children from Sexual Exploitation in Travel and Tourism > Results"
  ],
  [
    "THE-CODE-TRAVEL-AND-TOURISM",
    "KUONI",
    "IMPLEMENTING",
    "The Code has been signed by leading company such as ACCOR, Kuoni, Carlson and Delta.",
    "001_d27a5eeeb1265c3a.txt",
    "CHAPTER 4 GOOD PRACTICES AND THE ITALIAN COOPERATION EXPERIENCE > 4.1 LEGISLATIVE, REGIONAL OR INTERNATIONAL INSTRUMENTS TO PREVENT AND COMBAT SEXUAL VIOLENCE AGAINST CHILDREN > 4.1.1 The Code of Conduct for the Protection of Children from Sexual Exploitation in Travel and Tourism > Results"
  ],
  [
    "THE-CODE-TRAVEL-AND-TOURISM",
    "CARLSON",
    "IMPLEMENTING",
    "The Code has been signed by leading company such as ACCOR, Kuoni, Carlson and Delta.",
    "001_d27a5eeeb1265c3a.txt",
    "CHAPTER 4 GOOD PRACTICES AND THE ITALIAN COOPERATION EXPERIENCE > 4.1 LEGISLATIVE, REGIONAL OR INTERNATIONAL INSTRUMENTS TO PREVENT AND COMBAT SEXUAL VIOLENCE AGAINST CHILDREN > 4.1.1 The Code of Conduct for the Protection of Children from Sexual Exploitation in Travel and Tourism > Results"
  ],
  [
    "THE-CODE-TRAVEL-AND-TOURISM",
    "DELTA",
    "IMPLEMENTING",
    "The Code has been signed by leading company such as ACCOR, Kuoni, Carlson and Delta.",
    "001_d27a5eeeb1265c3a.txt",
    "CHAPTER 4 GOOD PRACTICES AND THE ITALIAN COOPERATION EXPERIENCE > 4.1 LEGISLATIVE, REGIONAL OR INTERNATIONAL INSTRUMENTS TO PREVENT AND COMBAT SEXUAL VIOLENCE AGAINST CHILDREN > 4.1.1 The Code of Conduct for the Protection of Children from Sexual Exploitation in Travel and Tourism > Results"
  ],
  [
    "IT-DGCS-TACRO-II",
    "UNICEF-TACRO",
    "IMPLEMENTING",
    "It was implemented through the Americas and Caribbean Regional Office of UNICEF, based in Panama, in the following countries: Nicaragua, Guatemala, El Salvador and Honduras.",
    "001_d27a5eeeb1265c3a.txt",
    "CHAPTER 4 GOOD PRACTICES AND THE ITALIAN COOPERATION EXPERIENCE > 4.1 LEGISLATIVE, REGIONAL OR INTERNATIONAL INSTRUMENTS TO PREVENT AND COMBAT SEXUAL VIOLENCE AGAINST CHILDREN > 4.1.2 A Strategy to Combat Child Abuse, Sexual Exploitation and Trafficking of Children and Adolescents in Central America > Institutions involved"
  ],
  [
    "IT-DGCS-TACRO-II",
    "SICA",
    "IMPLEMENTING",
    "The aim of TACRO II was to support governments and civil society in Central America, in partnership with the Central American Integration System (SICA),",
    "001_d27a5eeeb1265c3a.txt",
    "CHAPTER 4 GOOD PRACTICES AND THE ITALIAN COOPERATION EXPERIENCE > 4.1 LEGISLATIVE, REGIONAL OR INTERNATIONAL INSTRUMENTS TO PREVENT AND COMBAT SEXUAL VIOLENCE AGAINST CHILDREN > 4.1.2 A Strategy to Combat Child Abuse, Sexual Exploitation and Trafficking of Children and Adolescents in Central America > Aim and objectives"
  ],
  [
    "IT-SAVE-THE-CHILDREN-DICAM",
    "EC-DG-JLS",
    "FUNDING",
    "The Project was financed by the European Commission, DG Justice Freedom and Security, and managed by the NGO Save the Children Italy.",
    "001_d27a5eeeb1265c3a.txt",
    "CHAPTER 4 GOOD PRACTICES AND THE ITALIAN COOPERATION EXPERIENCE > 4.2 DEVELOPMENT PROJECTS AND COOPERATION PROGRAMMES FOR THE PREVENTION AND FIGHT AGAINST SEXUAL EXPLOITATION AND SEXUAL ABUSE OF CHILDREN IN ASSISTANCE > 4.2.2 DICAM > Institutions involved"
  ],
  [
    "IT-SAVE-THE-CHILDREN-DICAM",
    "IT-POSTAL-POLICE",
    "IMPLEMENTING",
    "DICAM involved three partners: the Postal and Communication Police Service of the Italian Ministry of Interior; the Italian Coordination of services against the mistreatment and abuse (CISMAI) and the observatory for the contrast of paedophilia and child pornography which is based in the Equal Opportunity Department, Italian Presidency of the Council of Ministers.",
    "001_d27a5eeeb1265c3a.txt",
    "CHAPTER 4 GOOD PRACTICES AND THE ITALIAN COOPERATION EXPERIENCE > 4.2 DEVELOPMENT PROJECTS AND COOPERATION PROGRAMMES FOR THE PREVENTION AND FIGHT AGAINST SEXUAL EXPLOITATION AND SEXUAL ABUSE OF CHILDREN IN ASSISTANCE > 4.2.2 DICAM > Institutions involved"
  ],
  [
    "IT-SAVE-THE-CHILDREN-DICAM",
    "IT-CISMAI",
    "IMPLEMENTING",
    "DICAM involved three partners: the Postal and Communication Police Service of the Italian Ministry of Interior; the Italian Coordination of services against the mistreatment and abuse (CISMAI) and the observatory for the contrast of paedophilia and child pornography which is based in the Equal Opportunity Department, Italian Presidency of the Council of Ministers.",
    "001_d27a5eeeb1265c3a.txt",
    "CHAPTER 4 GOOD PRACTICES AND THE ITALIAN COOPERATION EXPERIENCE > 4.2 DEVELOPMENT PROJECTS AND COOPERATION PROGRAMMES FOR THE PREVENTION AND FIGHT AGAINST SEXUAL EXPLOITATION AND SEXUAL ABUSE OF CHILDREN IN ASSISTANCE > 4.2.2 DICAM > Institutions involved"
  ],
  [
    "IT-SAVE-THE-CHILDREN-DICAM",
    "IT-OBSERVATORY-PAEDOPHILIA",
    "IMPLEMENTING",
    "DICAM involved three partners: the Postal and Communication Police Service of the Italian Ministry of Interior; the Italian Coordination of services against the mistreatment and abuse (CISMAI) and the observatory for the contrast of paedophilia and child pornography which is based in the Equal Opportunity Department, Italian Presidency of the Council of Ministers.",
    "001_d27a5eeeb1265c3a.txt",
    "CHAPTER 4 GOOD PRACTICES AND THE ITALIAN COOPERATION EXPERIENCE > 4.2 DEVELOPMENT PROJECTS AND COOPERATION PROGRAMMES FOR THE PREVENTION AND FIGHT AGAINST SEXUAL EXPLOITATION AND SEXUAL ABUSE OF CHILDREN IN ASSISTANCE > 4.2.2 DICAM > Institutions involved"
  ],
  [
    "IT-DGCS-NIGERIA-ITALY-TRAFFICKING",
    "UNICRI",
    "IMPLEMENTING",
    "The Project was funded by the Italian Cooperation, and was implemented by United Nations Interregional Crime and Justice Research Institute (UNICRI) from March 2008 to May 2010.",
    "001_d27a5eeeb1265c3a.txt",
    "CHAPTER 4 GOOD PRACTICES AND THE ITALIAN COOPERATION EXPERIENCE > 4.3 INTERNATIONAL COOPERATION WORK ON INNOVATIVE COMMUNICATION POLICIES AND STRATEGIES AIMED AT STRENGTHENING POLICY DIALOGUE AMONG STATES > 4.3.1 Preventing and combating trafficking of minors and young women from Nigeria to Italy > Institutions involved"
  ],
  [
    "IT-DGCS-NIGERIA-ITALY-TRAFFICKING",
    "UNODC",
    "IMPLEMENTING",
    "Activities in Nigeria have been carried out in cooperation with the United Nations Office on Drugs and Crime (UNODC) in Nigeria and the Nigerian National Agency for Prohibition of Traffic in Persons (NAPTIP).",
    "001_d27a5eeeb1265c3a.txt",
    "CHAPTER 4 GOOD PRACTICES AND THE ITALIAN COOPERATION EXPERIENCE > 4.3 INTERNATIONAL COOPERATION WORK ON INNOVATIVE COMMUNICATION POLICIES AND STRATEGIES AIMED AT STRENGTHENING POLICY DIALOGUE AMONG STATES > 4.3.1 Preventing and combating trafficking of minors and young women from Nigeria to Italy > Institutions involved"
  ],
  [
    "IT-DGCS-NIGERIA-ITALY-TRAFFICKING",
    "NG-NAPTIP",
    "IMPLEMENTING",
    "Activities in Nigeria have been carried out in cooperation with the United Nations Office on Drugs and Crime (UNODC) in Nigeria and the Nigerian National Agency for Prohibition of Traffic in Persons (NAPTIP).",
    "001_d27a5eeeb1265c3a.txt",
    "CHAPTER 4 GOOD PRACTICES AND THE ITALIAN COOPERATION EXPERIENCE > 4.3 INTERNATIONAL COOPERATION WORK ON INNOVATIVE COMMUNICATION POLICIES AND STRATEGIES AIMED AT STRENGTHENING POLICY DIALOGUE AMONG STATES > 4.3.1 Preventing and combating trafficking of minors and young women from Nigeria to Italy > Institutions involved"
  ],
  [
    "IT-DGCS-NIGERIA-ITALY-TRAFFICKING",
    "NG-ENCATIP",
    "IMPLEMENTING",
    "Other partners were involved: Edo State Coalition against Trafficking in Persons (ENCATIP) composed of six anti-human trafficking NGO’s: African Women Empowerment Guild (AWEG), Committee for the Support of the Dignity of Women (COSUDOW), Girls’ Power Initiative (GPI), IDIA Renaissance, International Reproductive Rights Research Action Group (IRRRAG) Women and Action Initiative (WAI); also Italian Ministry of Equal Opportunities, Cooperation platform for Regions, Piedmont and Lazio Regions, Associazione Parsec and Coalition of 77 NGOs dealing with trafficking in Italy.",
    "001_d27a5eeeb1265c3a.txt",
    "CHAPTER 4 GOOD PRACTICES AND THE ITALIAN COOPERATION EXPERIENCE > 4.3 INTERNATIONAL COOPERATION WORK ON INNOVATIVE COMMUNICATION POLICIES AND STRATEGIES AIMED AT STRENGTHENING POLICY DIALOGUE AMONG STATES > 4.3.1 Preventing and combating trafficking of minors and young women from Nigeria to Italy > Institutions involved"
  ],
  [
    "IT-DGCS-NIGERIA-ITALY-TRAFFICKING",
    "NG-AWEG",
    "IMPLEMENTING",
    "Other partners were involved: Edo State Coalition against Trafficking in Persons (ENCATIP) composed of six anti-human trafficking NGO’s: African Women Empowerment Guild (AWEG), Committee for the Support of the Dignity of Women (COSUDOW), Girls’ Power Initiative (GPI), IDIA Renaissance, International Reproductive Rights Research Action Group (IRRRAG) Women and Action Initiative (WAI); also Italian Ministry of Equal Opportunities, Cooperation platform for Regions, Piedmont and Lazio Regions, Associazione Parsec and Coalition of 77 NGOs dealing with trafficking in Italy.",
    "001_d27a5eeeb1265c3a.txt",
    "CHAPTER 4 GOOD PRACTICES AND THE ITALIAN COOPERATION EXPERIENCE > 4.3 INTERNATIONAL COOPERATION WORK ON INNOVATIVE COMMUNICATION POLICIES AND STRATEGIES AIMED AT STRENGTHENING POLICY DIALOGUE AMONG STATES > 4.3.1 Preventing and combating trafficking of minors and young women from Nigeria to Italy > Institutions involved"
  ],
  [
    "IT-DGCS-NIGERIA-ITALY-TRAFFICKING",
    "NG-COSUDOW",
    "IMPLEMENTING",
    "Other partners were involved: Edo State Coalition against Trafficking in Persons (ENCATIP) composed of six anti-human trafficking NGO’s: African Women Empowerment Guild (AWEG), Committee for the Support of the Dignity of Women (COSUDOW), Girls’ Power Initiative (GPI), IDIA Renaissance, International Reproductive Rights Research Action Group (IRRRAG) Women and Action Initiative (WAI); also Italian Ministry of Equal Opportunities, Cooperation platform for Regions, Piedmont and Lazio Regions, Associazione Parsec and Coalition of 77 NGOs dealing with trafficking in Italy.",
    "001_d27a5eeeb1265c3a.txt",
    "CHAPTER 4 GOOD PRACTICES AND THE ITALIAN COOPERATION EXPERIENCE > 4.3 INTERNATIONAL COOPERATION WORK ON INNOVATIVE COMMUNICATION POLICIES AND STRATEGIES AIMED AT STRENGTHENING POLICY DIALOGUE AMONG STATES > 4.3.1 Preventing and combating trafficking of minors and young women from Nigeria to Italy > Institutions involved"
  ],
  [
    "IT-DGCS-NIGERIA-ITALY-TRAFFICKING",
    "NG-GPI",
    "IMPLEMENTING",
    "Other partners were involved: Edo State Coalition against Trafficking in Persons (ENCATIP) composed of six anti-human trafficking NGO’s: African Women Empowerment Guild (AWEG), Committee for the Support of the Dignity of Women (COSUDOW), Girls’ Power Initiative (GPI), IDIA Renaissance, International Reproductive Rights Research Action Group (IRRRAG) Women and Action Initiative (WAI); also Italian Ministry of Equal Opportunities, Cooperation platform for Regions, Piedmont and Lazio Regions, Associazione Parsec and Coalition of 77 NGOs dealing with trafficking in Italy.",
    "001_d27a5eeeb1265c3a.txt",
    "CHAPTER 4 GOOD PRACTICES AND THE ITALIAN COOPERATION EXPERIENCE > 4.3 INTERNATIONAL COOPERATION WORK ON INNOVATIVE COMMUNICATION POLICIES AND STRATEGIES AIMED AT STRENGTHENING POLICY DIALOGUE AMONG STATES > 4.3.1 Preventing and combating trafficking of minors and young women from Nigeria to Italy > Institutions involved"
  ],
  [
    "IT-DGCS-NIGERIA-ITALY-TRAFFICKING",
    "NG-IDIA-RENAISSANCE",
    "IMPLEMENTING",
    "Other partners were involved: Edo State Coalition against Trafficking in Persons (ENCATIP) composed of six anti-human trafficking NGO’s: African Women Empowerment Guild (AWEG), Committee for the Support of the Dignity of Women (COSUDOW), Girls’ Power Initiative (GPI), IDIA Renaissance, International Reproductive Rights Research Action Group (IRRRAG) Women and Action Initiative (WAI); also Italian Ministry of Equal Opportunities, Cooperation platform for Regions, Piedmont and Lazio Regions, Associazione Parsec and Coalition of 77 NGOs dealing with trafficking in Italy.",
    "001_d27a5eeeb1265c3a.txt",
    "CHAPTER 4 GOOD PRACTICES AND THE ITALIAN COOPERATION EXPERIENCE > 4.3 INTERNATIONAL COOPERATION WORK ON INNOVATIVE COMMUNICATION POLICIES AND STRATEGIES AIMED AT STRENGTHENING POLICY DIALOGUE AMONG STATES > 4.3.1 Preventing and combating trafficking of minors and young women from Nigeria to Italy > Institutions involved"
  ],
  [
    "IT-DGCS-NIGERIA-ITALY-TRAFFICKING",
    "NG-IRRRAG",
    "IMPLEMENTING",
    "Other partners were involved: Edo State Coalition against Trafficking in Persons (ENCATIP) composed of six anti-human trafficking NGO’s: African Women Empowerment Guild (AWEG), Committee for the Support of the Dignity of Women (COSUDOW), Girls’ Power Initiative (GPI), IDIA Renaissance, International Reproductive Rights Research Action Group (IRRRAG) Women and Action Initiative (WAI); also Italian Ministry of Equal Opportunities, Cooperation platform for Regions, Piedmont and Lazio Regions, Associazione Parsec and Coalition of 77 NGOs dealing with trafficking in Italy.",
    "001_d27a5eeeb1265c3a.txt",
    "CHAPTER 4 GOOD PRACTICES AND THE ITALIAN COOPERATION EXPERIENCE > 4.3 INTERNATIONAL COOPERATION WORK ON INNOVATIVE COMMUNICATION POLICIES AND STRATEGIES AIMED AT STRENGTHENING POLICY DIALOGUE AMONG STATES > 4.3.1 Preventing and combating trafficking of minors and young women from Nigeria to Italy > Institutions involved"
  ],
  [
    "IT-DGCS-NIGERIA-ITALY-TRAFFICKING",
    "NG-WAI",
    "IMPLEMENTING",
    "Other partners were involved: Edo State Coalition against Trafficking in Persons (ENCATIP) composed of six anti-human trafficking NGO’s: African Women Empowerment Guild (AWEG), Committee for the Support of the Dignity of Women (COSUDOW), Girls’ Power Initiative (GPI), IDIA Renaissance, International Reproductive Rights Research Action Group (IRRRAG) Women and Action Initiative (WAI); also Italian Ministry of Equal Opportunities, Cooperation platform for Regions, Piedmont and Lazio Regions, Associazione Parsec and Coalition of 77 NGOs dealing with trafficking in Italy.",
    "001_d27a5eeeb1265c3a.txt",
    "CHAPTER 4 GOOD PRACTICES AND THE ITALIAN COOPERATION EXPERIENCE > 4.3 INTERNATIONAL COOPERATION WORK ON INNOVATIVE COMMUNICATION POLICIES AND STRATEGIES AIMED AT STRENGTHENING POLICY DIALOGUE AMONG STATES > 4.3.1 Preventing and combating trafficking of minors and young women from Nigeria to Italy > Institutions involved"
  ],
  [
    "IT-DGCS-NIGERIA-ITALY-TRAFFICKING",
    "IT-PIEDMONT-REGION",
    "IMPLEMENTING",
    "Other partners were involved: Edo State Coalition against Trafficking in Persons (ENCATIP) composed of six anti-human trafficking NGO’s: African Women Empowerment Guild (AWEG), Committee for the Support of the Dignity of Women (COSUDOW), Girls’ Power Initiative (GPI), IDIA Renaissance, International Reproductive Rights Research Action Group (IRRRAG) Women and Action Initiative (WAI); also Italian Ministry of Equal Opportunities, Cooperation platform for Regions, Piedmont and Lazio Regions, Associazione Parsec and Coalition of 77 NGOs dealing with trafficking in Italy.",
    "001_d27a5eeeb1265c3a.txt",
    "CHAPTER 4 GOOD PRACTICES AND THE ITALIAN COOPERATION EXPERIENCE > 4.3 INTERNATIONAL COOPERATION WORK ON INNOVATIVE COMMUNICATION POLICIES AND STRATEGIES AIMED AT STRENGTHENING POLICY DIALOGUE AMONG STATES > 4.3.1 Preventing and combating trafficking of minors and young women from Nigeria to Italy > Institutions involved"
  ],
  [
    "IT-DGCS-NIGERIA-ITALY-TRAFFICKING",
    "IT-LAZIO-REGION",
    "IMPLEMENTING",
    "Other partners were involved: Edo State Coalition against Trafficking in Persons (ENCATIP) composed of six anti-human trafficking NGO’s: African Women Empowerment Guild (AWEG), Committee for the Support of the Dignity of Women (COSUDOW), Girls’ Power Initiative (GPI), IDIA Renaissance, International Reproductive Rights Research Action Group (IRRRAG) Women and Action Initiative (WAI); also Italian Ministry of Equal Opportunities, Cooperation platform for Regions, Piedmont and Lazio Regions, Associazione Parsec and Coalition of 77 NGOs dealing with trafficking in Italy.",
    "001_d27a5eeeb1265c3a.txt",
    "CHAPTER 4 GOOD PRACTICES AND THE ITALIAN COOPERATION EXPERIENCE > 4.3 INTERNATIONAL COOPERATION WORK ON INNOVATIVE COMMUNICATION POLICIES AND STRATEGIES AIMED AT STRENGTHENING POLICY DIALOGUE AMONG STATES > 4.3.1 Preventing and combating trafficking of minors and young women from Nigeria to Italy > Institutions involved"
  ],
  [
    "IT-DGCS-NIGERIA-ITALY-TRAFFICKING",
    "IT-PARSEC",
    "IMPLEMENTING",
    "Other partners were involved: Edo State Coalition against Trafficking in Persons (ENCATIP) composed of six anti-human trafficking NGO’s: African Women Empowerment Guild (AWEG), Committee for the Support of the Dignity of Women (COSUDOW), Girls’ Power Initiative (GPI), IDIA Renaissance, International Reproductive Rights Research Action Group (IRRRAG) Women and Action Initiative (WAI); also Italian Ministry of Equal Opportunities, Cooperation platform for Regions, Piedmont and Lazio Regions, Associazione Parsec and Coalition of 77 NGOs dealing with trafficking in Italy.",
    "001_d27a5eeeb1265c3a.txt",
    "CHAPTER 4 GOOD PRACTICES AND THE ITALIAN COOPERATION EXPERIENCE > 4.3 INTERNATIONAL COOPERATION WORK ON INNOVATIVE COMMUNICATION POLICIES AND STRATEGIES AIMED AT STRENGTHENING POLICY DIALOGUE AMONG STATES > 4.3.1 Preventing and combating trafficking of minors and young women from Nigeria to Italy > Institutions involved"
  ],
  [
    "IT-DGCS-NIGERIA-ITALY-TRAFFICKING",
    "IT-TAMPEP",
    "IMPLEMENTING",
    "the Italian NGO TAMPEP was identified to be responsible for training local Nigerian NGOs.",
    "001_d27a5eeeb1265c3a.txt",
    "CHAPTER 4 GOOD PRACTICES AND THE ITALIAN COOPERATION EXPERIENCE > 4.3 INTERNATIONAL COOPERATION WORK ON INNOVATIVE COMMUNICATION POLICIES AND STRATEGIES AIMED AT STRENGTHENING POLICY DIALOGUE AMONG STATES > 4.3.1 Preventing and combating trafficking of minors and young women from Nigeria to Italy > Results"
  ],
  [
    "IT-PNA-NAPTIP-MOU",
    "NG-NAPTIP",
    "IMPLEMENTING",
    "Finally, an important event that took place after the project is the signature of a Memorandum of Understanding between the Italian National Anti-Mafia Prosecutor (PNA) and the Executive Secretary of NAPTIP to fight the phenomenon.",
    "001_d27a5eeeb1265c3a.txt",
    "CHAPTER 4 GOOD PRACTICES AND THE ITALIAN COOPERATION EXPERIENCE > 4.3 INTERNATIONAL COOPERATION WORK ON INNOVATIVE COMMUNICATION POLICIES AND STRATEGIES AIMED AT STRENGTHENING POLICY DIALOGUE AMONG STATES > 4.3.1 Preventing and combating trafficking of minors and young women from Nigeria to Italy > Results"
  ],
  [
    "DE-TERRE-DES-HOMMES-TOYS-CAMPAIGN",
    "EC",
    "FUNDING",
    "The Project was funded by the European Commission, realised by EURO RSCG Düsseldorf and managed in 1998 by Terre des homes Germany in collaboration with European Airline Companies as Lufthansa.",
    "001_d27a5eeeb1265c3a.txt",
    "CHAPTER 4 GOOD PRACTICES AND THE ITALIAN COOPERATION EXPERIENCE > 4.3 INTERNATIONAL COOPERATION WORK ON INNOVATIVE COMMUNICATION POLICIES AND STRATEGIES AIMED AT STRENGTHENING POLICY DIALOGUE AMONG STATES > 4.3.2 Toys > Institutions involved"
  ],
  [
    "DE-TERRE-DES-HOMMES-TOYS-CAMPAIGN",
    "EURO-RSCG-DUSSELDORF",
    "IMPLEMENTING",
    "The Project was funded by the European Commission, realised by EURO RSCG Düsseldorf and managed in 1998 by Terre des homes Germany in collaboration with European Airline Companies as Lufthansa.",
    "001_d27a5eeeb1265c3a.txt",
    "CHAPTER 4 GOOD PRACTICES AND THE ITALIAN COOPERATION EXPERIENCE > 4.3 INTERNATIONAL COOPERATION WORK ON INNOVATIVE COMMUNICATION POLICIES AND STRATEGIES AIMED AT STRENGTHENING POLICY DIALOGUE AMONG STATES > 4.3.2 Toys > Institutions involved"
  ],
  [
    "DE-TERRE-DES-HOMMES-TOYS-CAMPAIGN",
    "LUFTHANSA",
    "IMPLEMENTING",
    "The Project was funded by the European Commission, realised by EURO RSCG Düsseldorf and managed in 1998 by Terre des homes Germany in collaboration with European Airline Companies as Lufthansa.",
    "001_d27a5eeeb1265c3a.txt",
    "CHAPTER 4 GOOD PRACTICES AND THE ITALIAN COOPERATION EXPERIENCE > 4.3 INTERNATIONAL COOPERATION WORK ON INNOVATIVE COMMUNICATION POLICIES AND STRATEGIES AIMED AT STRENGTHENING POLICY DIALOGUE AMONG STATES > 4.3.2 Toys > Institutions involved"
  ],
  [
    "IT-TERRE-DES-HOMMES-TOYS-CAMPAIGN-ITALY",
    "ALITALIA",
    "IMPLEMENTING",
    "During the years 1999-2001 the management of the project was extended to Terre des homes Italy in collaboration with European Airline Companies as Alitalia and also Italian cinema’s, the Rome and Milan Airports, RAI and Mediaset TV channels.",
    "001_d27a5eeeb1265c3a.txt",
    "CHAPTER 4 GOOD PRACTICES AND THE ITALIAN COOPERATION EXPERIENCE > 4.3 INTERNATIONAL COOPERATION WORK ON INNOVATIVE COMMUNICATION POLICIES AND STRATEGIES AIMED AT STRENGTHENING POLICY DIALOGUE AMONG STATES > 4.3.2 Toys > Institutions involved"
  ],
  [
    "IT-TERRE-DES-HOMMES-TOYS-CAMPAIGN-ITALY",
    "IT-RAI",
    "IMPLEMENTING",
    "During the years 1999-2001 the management of the project was extended to Terre des homes Italy in collaboration with European Airline Companies as Alitalia and also Italian cinema’s, the Rome and Milan Airports, RAI and Mediaset TV channels.",
    "001_d27a5eeeb1265c3a.txt",
    "CHAPTER 4 GOOD PRACTICES AND THE ITALIAN COOPERATION EXPERIENCE > 4.3 INTERNATIONAL COOPERATION WORK ON INNOVATIVE COMMUNICATION POLICIES AND STRATEGIES AIMED AT STRENGTHENING POLICY DIALOGUE AMONG STATES > 4.3.2 Toys > Institutions involved"
  ],
  [
    "IT-TERRE-DES-HOMMES-TOYS-CAMPAIGN-ITALY",
    "IT-MEDIASET",
    "IMPLEMENTING",
    "During the years 1999-2001 the management of the project was extended to Terre des homes Italy in collaboration with European Airline Companies as Alitalia and also Italian cinema’s, the Rome and Milan Airports, RAI and Mediaset TV channels.",
    "001_d27a5eeeb1265c3a.txt",
    "CHAPTER 4 GOOD PRACTICES AND THE ITALIAN COOPERATION EXPERIENCE > 4.3 INTERNATIONAL COOPERATION WORK ON INNOVATIVE COMMUNICATION POLICIES AND STRATEGIES AIMED AT STRENGTHENING POLICY DIALOGUE AMONG STATES > 4.3.2 Toys > Institutions involved"
  ],
  [
    "IT-TERRE-DES-HOMMES-TOYS-CAMPAIGN-ITALY",
    "IT-TOUR-OPERATORS-ASSOCIATION",
    "IMPLEMENTING",
    "The Italian Association of Tour Operators, with the patronage of Italian Presidency of Council Ministers, the Italian Ministry of Foreign Affairs and UNICEF also became involved in the project.",
    "001_d27a5eeeb1265c3a.txt",
    "CHAPTER 4 GOOD PRACTICES AND THE ITALIAN COOPERATION EXPERIENCE > 4.3 INTERNATIONAL COOPERATION WORK ON INNOVATIVE COMMUNICATION POLICIES AND STRATEGIES AIMED AT STRENGTHENING POLICY DIALOGUE AMONG STATES > 4.3.2 Toys > Institutions involved"
  ],
  [
    "COE-PROJECT-END-OCSEA-EUROPE",
    "END-VIOLENCE-FUND",
    "FUNDING",
    "The Council of Europe gratefully acknowledges the financial support provided for this programme by the Fund to End Violence Against Children.",
    "004_b34a8641f89c97dd.txt",
    "Introduction"
  ],
  [
    "RS-CHILD-RIGHTS-CENTRE-CHILDRENS-REPORT",
    "RS-CHILDRENS-CLUB-DX",
    "IMPLEMENTING",
    "Child Rights Centre together with Children's Club DX and children from school parliaments in 3 schools in Belgrade jointly prepared a report",
    "004_b34a8641f89c97dd.txt",
    "Empowering children to prevent sexual exploitation and abuse through child participation > Promising practices"
  ]
];

const quote = (value: string) => `'${value.replace(/'/g, "''")}'`;

/**
 * The statements adding them to a database seeded before them, in SQL both dialects run: a partner
 * already there, or whose commitment or actor is missing, or who leads the commitment, is left
 * alone, so running them twice changes nothing. As `npm run seed`, they add partners beside the
 * commitment without a new version of it.
 */
export function issue14PartnerStatements(): string[] {
  return ISSUE14_PARTNERS.map(
    ([commitment, actor, role, evidence, document, section]) =>
      `insert into commitment_partner (commitment_id, actor_id, role, evidence, document, section)
       select c.id, a.id, ${quote(role)}, ${quote(evidence)}, ${quote(document)}, ${quote(section)}
       from commitment c, actor a
       where c.code = ${quote(commitment)} and a.code = ${quote(actor)} and a.id <> c.actor_id
         and not exists (select 1 from commitment_partner cp where cp.commitment_id = c.id and cp.actor_id = a.id)`,
  );
}
