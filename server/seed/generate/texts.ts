/** Ticket subjects and message bodies, French and English, by ticket type. */

export const TICKET_TYPES = ["installation", "repair", "billing", "support", "cancellation", "move", "other"] as const;
export type TicketType = (typeof TICKET_TYPES)[number];
type Lang = "fr" | "en";

export const SUBJECTS: Record<TicketType, Record<Lang, readonly string[]>> = {
  installation: {
    fr: [
      "Demande d'installation fibre",
      "Rendez-vous d'installation",
      "Ajout d'un terminal télé",
      "Installation téléphonie",
      "Branchement au chalet",
    ],
    en: [
      "Fibre installation request",
      "Installation appointment",
      "Add a TV box",
      "Phone line installation",
      "Cottage hookup",
    ],
  },
  repair: {
    fr: [
      "Pas de connexion Internet",
      "Internet lent le soir",
      "Coupures fréquentes",
      "Voyant rouge sur l'ONT",
      "Télé qui pixelise",
      "Pas de tonalité",
      "Wi-Fi faible à l'étage",
    ],
    en: [
      "No Internet connection",
      "Slow Internet in the evening",
      "Frequent drops",
      "Red light on the ONT",
      "TV picture freezing",
      "No dial tone",
      "Weak Wi-Fi upstairs",
    ],
  },
  billing: {
    fr: [
      "Question sur ma facture",
      "Paiement préautorisé",
      "Double prélèvement",
      "Demande de crédit",
      "Changement de carte de crédit",
      "Reçu pour impôts",
    ],
    en: [
      "Question about my bill",
      "Pre-authorized payment",
      "Charged twice",
      "Credit request",
      "Update credit card",
      "Receipt for taxes",
    ],
  },
  support: {
    fr: [
      "Configuration du routeur",
      "Changer le mot de passe Wi-Fi",
      "Accès au portail client",
      "Courriel qui ne fonctionne pas",
      "Changement de forfait",
    ],
    en: ["Router setup", "Change Wi-Fi password", "Customer portal access", "E-mail not working", "Plan change"],
  },
  cancellation: {
    fr: ["Annulation du service", "Résiliation au déménagement", "Annulation de la télé"],
    en: ["Cancel service", "Cancellation on moving out", "Cancel TV"],
  },
  move: {
    fr: ["Déménagement", "Transfert de service à la nouvelle adresse", "Déménagement au 1er juillet"],
    en: ["Moving", "Transfer service to new address", "Moving on July 1st"],
  },
  other: {
    fr: ["Panne de secteur", "Bris de câble signalé", "Travaux de la municipalité", "Demande d'information", "Plainte"],
    en: ["Area outage", "Reported cable cut", "Municipal roadwork", "Information request", "Complaint"],
  },
};

export const CUSTOMER_OPENERS: Record<TicketType, Record<Lang, readonly string[]>> = {
  installation: {
    fr: [
      "Bonjour, j'aimerais prendre rendez-vous pour l'installation.",
      "Quand est-ce que le technicien peut passer? Je suis disponible en matinée.",
      "Le câble est déjà rendu au poteau, il reste à entrer dans la maison.",
    ],
    en: [
      "Hi, I'd like to book the installation.",
      "When can the technician come by? Mornings work best.",
      "The cable is already at the pole, it just needs to come inside.",
    ],
  },
  repair: {
    fr: [
      "Depuis ce matin, plus rien ne fonctionne. J'ai redémarré le routeur sans succès.",
      "La connexion coupe plusieurs fois par jour, surtout le soir.",
      "Le voyant LOS de l'ONT clignote en rouge.",
      "La télé gèle aux 5 minutes sur tous les postes.",
    ],
    en: [
      "Since this morning nothing works. I restarted the router, no luck.",
      "The connection drops several times a day, mostly in the evening.",
      "The LOS light on the ONT is blinking red.",
      "The TV freezes every 5 minutes on every channel.",
    ],
  },
  billing: {
    fr: [
      "Je ne comprends pas le montant de ma dernière facture.",
      "J'ai été prélevé deux fois ce mois-ci.",
      "Pouvez-vous changer la carte au dossier?",
      "Est-ce que je peux avoir un délai pour payer?",
    ],
    en: [
      "I don't understand the amount on my last bill.",
      "I was charged twice this month.",
      "Can you update the card on file?",
      "Could I get more time to pay?",
    ],
  },
  support: {
    fr: [
      "Je n'arrive pas à me connecter au portail.",
      "Comment changer le nom du réseau Wi-Fi?",
      "Je voudrais passer au forfait supérieur.",
      "Mon imprimante ne se connecte plus au Wi-Fi.",
    ],
    en: [
      "I can't log in to the portal.",
      "How do I change the Wi-Fi network name?",
      "I'd like to upgrade my plan.",
      "My printer won't connect to the Wi-Fi anymore.",
    ],
  },
  cancellation: {
    fr: ["Je souhaite annuler mon service à la fin du mois.", "Nous vendons la maison, il faut fermer le compte."],
    en: ["I want to cancel my service at the end of the month.", "We're selling the house, please close the account."],
  },
  move: {
    fr: [
      "Je déménage le 1er juillet, pouvez-vous transférer le service?",
      "Nous déménageons à Granby, est-ce que vous desservez la nouvelle adresse?",
    ],
    en: [
      "I'm moving on July 1st, can you transfer the service?",
      "We're moving to Magog, do you serve the new address?",
    ],
  },
  other: {
    fr: ["Il y a un fil qui pend dans la rue devant chez nous.", "Toute la rue est sans service depuis une heure."],
    en: [
      "There's a cable hanging over the street in front of our house.",
      "The whole street has been down for an hour.",
    ],
  },
};

/** Which pool of staff answers fits a ticket type. */
export const REPLY_TOPIC: Record<TicketType, "tech" | "billing" | "general"> = {
  installation: "tech",
  repair: "tech",
  move: "tech",
  other: "tech",
  billing: "billing",
  cancellation: "billing",
  support: "general",
};

export const STAFF_REPLIES: Record<"tech" | "billing" | "general", Record<Lang, readonly string[]>> = {
  tech: {
    fr: [
      "Nous voyons une perte de signal sur votre ligne. Un technicien passera vérifier le branchement.",
      "Pouvez-vous débrancher l'ONT 30 secondes puis le rebrancher, et nous dire si le voyant redevient vert?",
      "Votre rendez-vous est confirmé. Le technicien vous appellera 30 minutes avant son arrivée.",
      "Une équipe est sur place pour réparer la fibre du secteur. Le service devrait revenir dans l'après-midi.",
    ],
    en: [
      "We see a signal loss on your line. A technician will come and check the connection.",
      "Could you unplug the ONT for 30 seconds, plug it back in, and tell us if the light turns green?",
      "Your appointment is confirmed. The technician will call 30 minutes before arriving.",
      "A crew is on site repairing the fibre in your area. Service should be back this afternoon.",
    ],
  },
  billing: {
    fr: [
      "Nous avons appliqué un crédit à votre compte. Il apparaîtra sur la prochaine facture.",
      "Le deuxième prélèvement sera remboursé d'ici 3 à 5 jours ouvrables.",
      "Votre nouvelle carte est enregistrée pour les prochains paiements.",
      "La différence vient du calcul au prorata de votre changement de forfait.",
    ],
    en: [
      "We've applied a credit to your account. It will show on your next bill.",
      "The second charge will be refunded within 3 to 5 business days.",
      "Your new card is on file for future payments.",
      "The difference comes from the prorated plan change.",
    ],
  },
  general: {
    fr: [
      "Merci de nous avoir écrit. Nous regardons votre dossier et revenons vers vous rapidement.",
      "Le changement est fait de notre côté, il sera en vigueur d'ici une heure.",
      "Vous pouvez changer le nom et le mot de passe du Wi-Fi dans le portail, section Équipement.",
      "Un lien de réinitialisation vient de vous être envoyé par courriel.",
    ],
    en: [
      "Thanks for writing in. We're looking into your account and will get back to you shortly.",
      "The change is done on our side and will take effect within the hour.",
      "You can change the Wi-Fi name and password in the portal, under Equipment.",
      "A reset link has just been sent to your e-mail.",
    ],
  },
};

export const CUSTOMER_FOLLOW_UPS: Record<Lang, readonly string[]> = {
  fr: [
    "Merci, ça fonctionne maintenant!",
    "C'est encore pareil ce matin.",
    "Parfait, merci beaucoup.",
    "Est-ce possible plus tôt dans la semaine?",
    "Je serai absent, ma conjointe sera sur place.",
  ],
  en: [
    "Thanks, it works now!",
    "Still the same this morning.",
    "Perfect, thank you.",
    "Could it be earlier in the week?",
    "I'll be out, my partner will be home.",
  ],
};

export const INTERNAL_NOTES = [
  "Puissance optique -27,8 dBm à l'ONT, limite. Vérifier le connecteur au boîtier.",
  "Client rappelé, boîte vocale. Réessayer demain.",
  "Aucune alarme sur l'OLT pour ce port.",
  "Crédit de 15 $ approuvé par la facturation.",
  "Dossier transféré à la répartition pour une visite.",
  "Plusieurs clients du même port touchés, probablement une coupure de fibre.",
  "Customer prefers English, reply in English.",
];

export const CLOSINGS: Record<Lang, readonly string[]> = {
  fr: ["Nous fermons ce billet. N'hésitez pas à nous réécrire au besoin.", "Problème résolu, merci de votre patience."],
  en: ["We're closing this ticket. Feel free to write back if needed.", "Issue resolved, thanks for your patience."],
};

export const SYSTEM_MESSAGES: Record<Lang, readonly string[]> = {
  fr: [
    "Rappel : votre rendez-vous est demain entre 8 h et 12 h.",
    "Votre technicien est en route.",
    "Votre billet a été mis à jour.",
  ],
  en: [
    "Reminder: your appointment is tomorrow between 8 and 12.",
    "Your technician is on the way.",
    "Your ticket has been updated.",
  ],
};
